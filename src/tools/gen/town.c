/* town.c: the demo geography around Yangshuo (street lattice, road to the scenic area, loop
 * around it), the routes driven on it, and the demo network's sites. */
#include <math.h>
#include <string.h>

#include "gen.h"

void town_build(town *tw, double ax, double ay, rng *r) {
    static const double xs[TOWN_NX] = {-1150, -880, -620, -360, -90, 170, 430, 680};
    static const double ys[TOWN_NY] = {-720, -470, -210, 50, 300, 560};
    for (int j = 0; j < TOWN_NY; j++)
        for (int i = 0; i < TOWN_NX; i++) {
            tw->x[j][i] = ax + xs[i] + rng_range(r, -25.0, 25.0) + 0.06 * ys[j];
            tw->y[j][i] = ay + ys[j] + rng_range(r, -25.0, 25.0) - 0.05 * xs[i];
        }
    /* the road: gentle bends between fixed way-marks, starting at the lattice corner */
    static const double p[ROAD_N][2] = {
        {0, 0},         {-1500, -820},  {-1900, -900},  {-2300, -1050}, {-2650, -1300},
        {-3050, -1500}, {-3450, -1650}, {-3800, -1900}, {-4150, -2150}, {-4500, -2300},
        {-4850, -2480}, {-5200, -2650}, {-5520, -2760}};
    tw->road[0][0] = tw->x[0][0];
    tw->road[0][1] = tw->y[0][0];
    for (int k = 1; k < ROAD_N; k++) {
        double bend = rng_range(r, -30.0, 30.0);
        tw->road[k][0] = ax + p[k][0] + bend;
        tw->road[k][1] = ay + p[k][1] - bend;
    }
    /* the loop: an uneven ellipse around the scenic centre through the road's end */
    const double cx = ax + SCENIC_DX, cy = ay + SCENIC_DY;
    const double sx = tw->road[ROAD_N - 1][0], sy = tw->road[ROAD_N - 1][1];
    const double a0 = atan2(sy - cy, sx - cx);
    tw->loop[0][0] = sx;
    tw->loop[0][1] = sy;
    for (int k = 1; k < LOOP_N; k++) {
        double a = a0 + 2.0 * PI * k / LOOP_N, rad = rng_range(r, 850.0, 1250.0);
        tw->loop[k][0] = cx + rad * cos(a);
        tw->loop[k][1] = cy + 0.8 * rad * sin(a);
    }
}

/* Random walk of nsteps edges over the town lattice from (*i, *j), no U-turns; stops at some
 * intersections (traffic lights). Updates *i, *j to the final node. */
int town_walk(const town *tw, route *rt, int *i, int *j, int nsteps, rng *r) {
    int pdi = 0, pdj = 0;
    for (int s = 0; s < nsteps; s++) {
        static const int di[4] = {1, -1, 0, 0}, dj[4] = {0, 0, 1, -1};
        int di_ = 0, dj_ = 0;
        for (int tries = 0; tries < 20; tries++) {
            int d = rng_int(r, 4);
            int ni = *i + di[d], nj = *j + dj[d];
            if (ni < 0 || ni >= TOWN_NX || nj < 0 || nj >= TOWN_NY) continue;
            if (di[d] == -pdi && dj[d] == -pdj && tries < 19) continue;
            /* keep straight more often than not */
            if ((di[d] != pdi || dj[d] != pdj) && (pdi || pdj) && rng_u01(r) < 0.35 && tries < 10)
                continue;
            di_ = di[d];
            dj_ = dj[d];
            break;
        }
        if (!di_ && !dj_) continue;
        *i += di_;
        *j += dj_;
        pdi = di_;
        pdj = dj_;
        double stop = rng_u01(r) < 0.22 ? rng_range(r, 6.0, 40.0) : 0.0;
        if (route_add(rt, tw->x[*j][*i], tw->y[*j][*i], rng_range(r, 30.0, 42.0), stop) != 0)
            return -1;
    }
    return 0;
}

/* Straight grid path from (*i, *j) to (ti, tj): along the row first, then the column. */
int town_goto(const town *tw, route *rt, int *i, int *j, int ti, int tj, rng *r) {
    while (*i != ti || *j != tj) {
        if (*i != ti)
            *i += *i < ti ? 1 : -1;
        else
            *j += *j < tj ? 1 : -1;
        double stop = rng_u01(r) < 0.2 ? rng_range(r, 6.0, 35.0) : 0.0;
        if (route_add(rt, tw->x[*j][*i], tw->y[*j][*i], rng_range(r, 32.0, 42.0), stop) != 0)
            return -1;
    }
    return 0;
}

/* Road from the town's south-west corner to the scenic loop (or back, reverse = 1); cruise
 * 42-50 km/h; one village stop. */
int town_road(const town *tw, route *rt, int reverse, rng *r) {
    for (int k = 1; k < ROAD_N; k++) {
        int idx = reverse ? ROAD_N - 1 - k : k;
        double stop = (k == ROAD_N / 2) ? rng_range(r, 20.0, 45.0) : 0.0;
        if (route_add(rt, tw->road[idx][0], tw->road[idx][1], rng_range(r, 42.0, 50.0), stop) != 0)
            return -1;
    }
    return 0;
}

/* One lap of the scenic loop, from and back to the road's end; two photo stops; cruise 28-36
 * km/h. */
int town_scenic_loop(const town *tw, route *rt, rng *r) {
    return town_scenic_lap(tw, rt, 1, r);
}

int town_scenic_lap(const town *tw, route *rt, int photo_stops, rng *r) {
    for (int k = 1; k <= LOOP_N; k++) {
        double stop = photo_stops && (k == 5 || k == 11) ? rng_range(r, 60.0, 150.0) : 0.0;
        const double *p = tw->loop[k % LOOP_N];
        if (route_add(rt, p[0], p[1], rng_range(r, 28.0, 36.0), stop) != 0) return -1;
    }
    return 0;
}

/* Demo network: five town sites, two along the road, two at the scenic area. */
int demo_network(network *net, double ax, double ay, rng *r) {
    const unsigned B3 = 1u << L_B3, B41 = 1u << L_B41, N41 = 1u << L_N41, N78 = 1u << L_N78;
    static const struct {
        double dx, dy;
        int rural;
    } s[] = {{-700, -350, 0},   {-50, -520, 0},    {480, 250, 0},
             {-430, 420, 0},    {450, -420, 0},    {-2550, -1150, 1},
             {-4250, -2350, 1}, {-5700, -2450, 1}, {-6600, -3700, 1}};
    const unsigned extra[] = {B41 | N41, B41 | N78, B41 | N41, N78, B41 | N41, 0, 0, N41, 0};
    int cap = 0;
    memset(net, 0, sizeof *net);
    net->common_seed = rng_next(r);
    for (size_t i = 0; i < sizeof s / sizeof s[0]; i++)
        if (network_add_site(net, &cap, ax + s[i].dx, ay + s[i].dy, s[i].rural, B3 | extra[i], r) !=
            0)
            return -1;
    return network_finish(net, 4000.0, r);
}
