# idw_ties.awk: proves that each cell where dtmap grid and gdal_grid -a invdistnn disagree is a
# tie, a cell where the choice of neighbours is ambiguous, and that the choice explains both values.
#
#   awk -f idw_ties.awk -v radius=R -v kmax=K -v kmin=M -v nodata=ND [-v tol=0.01] [-v eps=1e-5] \
#       POINTS CELLS
#
# POINTS: "x y z" per line, the samples as gdal_grid read them (projected by cs2cs).
# CELLS: "x y dtmap gdal" per line: the centre of a cell where the tools disagree and the two
#   values (ND for nodata).
#
# Both tools take the K nearest points with d <= R and weigh them 1 / d^2; they differ only in
# how they order equal distances (dtmap by input index, GDAL by quadtree order: see
# src/interp/idw.c) and in their zero-distance rule (dtmap: the nearest point within 1e-6 m;
# GDAL: the first within 3.2e-7 m). They also see slightly different coordinates: cs2cs prints
# 6 decimals, so each coordinate GDAL reads is within 5e-7 m of dtmap's and each distance within
# 7.1e-7 m. Two distances closer than eps (1e-5 m, 14 times that) may therefore be ordered either
# way; farther apart, both tools order them alike.
#
# For a cell, with the candidates d <= R + eps sorted by distance, a point is
# - surely taken when d <= R - eps and fewer than K other points are within d + eps;
# - surely left out when at least K points are nearer than d - eps;
# - ambiguous otherwise: tied with the K-th nearest (rank tie) or at the radius (radius tie).
# A point within 1e-6 + eps m of the centre makes the cell a zero-distance tie.
# The cell is a proven tie when it has an ambiguous point (or a zero-distance one) and each
# tool's value is one that some choice gives: nodata when fewer than M points can be taken, else
# within tol of the IDW value of one choice (the surely taken points plus a of the ambiguous
# ones, a set by how many points are within the radius), or, for a zero-distance tie, of one of
# those points' values. Each choice is tried when there are at most 20000; beyond that the value
# must lie within the exact lowest..highest over the choices (Dinkelbach's iteration on the
# weighted mean, which does not assume that tied points weigh the same).
# Prints a line for each cell that fails and for the first 3 ties, then a summary; exits 1 when
# any differing cell is not a proven tie (stopping after 20 such cells).

function abs(v) { return v < 0 ? -v : v }

# Sorts idx[1..n] so that key[idx[i]] ascends (insertion sort: n is small).
function sort_by(idx, key, n,    i, j, t) {
    for (i = 2; i <= n; i++) {
        t = idx[i]
        for (j = i - 1; j >= 1 && key[idx[j]] > key[t]; j--) idx[j + 1] = idx[j]
        idx[j + 1] = t
    }
}

# Weighted mean of the surely taken points (sum of w z: c, of w: w0) plus the ambiguous ones
# aw[], az[] 1..na whose pick[] is 1.
function mean_with(c, w0, na,    i) {
    for (i = 1; i <= na; i++)
        if (pick[i]) { c += aw[i] * az[i]; w0 += aw[i] }
    return c / w0
}

# Highest (sign 1) or lowest (sign -1) IDW value when a of the na ambiguous points are taken
# with the surely taken ones (c, w0): Dinkelbach's iteration, each step taking the a points with
# the largest sign * w (z - lambda), until lambda stops improving.
function extreme(c, w0, na, a, sign,    i, lam, next_lam, order, gain, it) {
    for (i = 1; i <= na; i++) pick[i] = i <= a
    lam = mean_with(c, w0, na)
    for (it = 0; it < 100; it++) {
        for (i = 1; i <= na; i++) { order[i] = i; gain[i] = -sign * aw[i] * (az[i] - lam) }
        sort_by(order, gain, na)
        for (i = 1; i <= na; i++) pick[order[i]] = i <= a
        next_lam = mean_with(c, w0, na)
        if (sign * (next_lam - lam) <= 1e-12) break
        lam = next_lam
    }
    return sign > 0 ? (lam > next_lam ? lam : next_lam) : (lam < next_lam ? lam : next_lam)
}

# Number of ways to take a of n, or more than CHOICES_MAX.
function choices(n, a,    r, i) {
    r = 1
    for (i = 1; i <= a && r <= CHOICES_MAX; i++) r = r * (n - a + i) / i
    return r
}

# Does some choice of a of the ambiguous points from..na, with the points (c, w0) already taken,
# give v within tol? Tries each choice.
function any_choice(v, c, w0, a, from, na,    i) {
    if (a == 0) return abs(c / w0 - v) <= tol
    for (i = from; i <= na - a + 1; i++)
        if (any_choice(v, c + aw[i] * az[i], w0 + aw[i], a - 1, i + 1, na)) return 1
    return 0
}

# Does value v match a choice: nodata when allowed; else, for some t = tmin..tmax, the IDW value
# of one choice of a = t - ns ambiguous points (each choice tried when there are at most
# CHOICES_MAX, else within the range lo[t]..hi[t]); or one of the zero-distance values zv[1..nz].
function explained(v, tmin, tmax, nz,    t, i, a) {
    if (v == nodata) return nd_ok
    for (t = tmin; t <= tmax; t++) {
        if (!(t in lo) || v < lo[t] - tol || v > hi[t] + tol) continue
        a = t - ns
        if (choices(na, a) > CHOICES_MAX || any_choice(v, c, w0, a, 1, na)) return 1
    }
    for (i = 1; i <= nz; i++)
        if (abs(v - zv[i]) <= tol) return 1
    return 0
}

BEGIN {
    if (radius == "" || kmax == "" || kmin == "" || nodata == "") {
        print "idw_ties.awk: set -v radius= kmax= kmin= nodata=" > "/dev/stderr"
        bad_usage = 1
        exit 2
    }
    if (tol == "") tol = 0.01
    if (eps == "") eps = 1e-5
    zero_d = 1e-6 + eps
    CHOICES_MAX = 20000
    bucket = radius * 1.01 + 1
    shown = 0
}

NR == FNR {
    np++; px[np] = $1; py[np] = $2; pz[np] = $3
    b = int($1 / bucket) "," int($2 / bucket)
    members[b] = members[b] " " np
    next
}

{
    cx = $1; cy = $2; vd = $3; vg = $4; cells++
    # Candidates within R + eps, sorted by distance.
    n = 0
    bx = int(cx / bucket); by = int(cy / bucket)
    split("", cd); split("", cz); split("", ord)
    for (i = bx - 1; i <= bx + 1; i++)
        for (j = by - 1; j <= by + 1; j++) {
            m = split(members[i "," j], ids, " ")
            for (k = 1; k <= m; k++) {
                p = ids[k]
                d = sqrt((px[p] - cx) ^ 2 + (py[p] - cy) ^ 2)
                if (d <= radius + eps) { n++; cd[n] = d; cz[n] = pz[p]; ord[n] = n }
            }
        }
    sort_by(ord, cd, n)
    for (i = 1; i <= n; i++) { sd[i] = cd[ord[i]]; sz[i] = cz[ord[i]] }

    # Sure, left out or ambiguous, from the ranks a point can take.
    c = 0; w0 = 0; ns = 0; na = 0; nlo = 0; radius_tie = 0; nz = 0
    split("", aw); split("", az); split("", zv); split("", lo); split("", hi)
    lp = 1; hp = 1 # sd[lp] is the first not nearer than sd[i] - eps, sd[hp] the last within + eps
    for (i = 1; i <= n; i++) {
        if (sd[i] <= radius - eps) nlo++
        if (sd[i] < zero_d) zv[++nz] = sz[i]
        while (sd[lp] < sd[i] - eps) lp++
        while (hp < n && sd[hp + 1] <= sd[i] + eps) hp++
        nearer = lp - 1; within = hp - 1
        if (nearer >= kmax) continue
        w = sd[i] > 0 ? 1 / (sd[i] * sd[i]) : 1e300
        if (sd[i] <= radius - eps && within < kmax) { ns++; c += w * sz[i]; w0 += w; continue }
        na++; aw[na] = w; az[na] = sz[i]
        if (abs(sd[i] - radius) <= eps) radius_tie = 1
    }
    # How many are taken: min(K, points within the radius), which ranges over nlo..n.
    tmin = nlo < kmax ? nlo : kmax
    tmax = n < kmax ? n : kmax
    nd_ok = 0
    for (t = tmin; t <= tmax; t++) {
        a = t - ns
        if (a < 0 || a > na) continue
        if (t == 0 || t < kmin) { nd_ok = 1; continue }
        if (w0 == 0 && a == 0) continue
        lo[t] = extreme(c, w0, na, a, -1)
        hi[t] = extreme(c, w0, na, a, 1)
    }

    kind = nz > 0 ? "zero-distance" : radius_tie ? "radius" : "rank"
    detail = sprintf("%d candidates, %d surely taken, %d ambiguous, K-th d %s", n, ns, na,
                     n >= kmax ? sprintf("%.7f", sd[kmax]) : "-")
    if (kmax < n)
        detail = detail sprintf(", (K+1)-th d %.7f, %.2g m apart", sd[kmax + 1],
                                sd[kmax + 1] - sd[kmax])
    if (na == 0 && nz == 0) {
        failed++
        printf "NOT A TIE at %s %s: dtmap %s, gdal %s; the neighbours are unambiguous (%s)\n",
               cx, cy, vd, vg, detail
    } else if (!explained(vd, tmin, tmax, nz) || !explained(vg, tmin, tmax, nz)) {
        failed++
        printf "UNEXPLAINED %s tie at %s %s: dtmap %s, gdal %s, but the choices give %s (%s)\n",
               kind, cx, cy, vd, vg, ranges(tmin, tmax, nz), detail
    } else {
        ties++; kinds[kind]++
        if (shown++ < 3)
            printf "%s tie at %s %s: dtmap %s, gdal %s; choices give %s (%s)\n", kind, cx, cy, vd,
                   vg, ranges(tmin, tmax, nz), detail
    }
    if (failed >= 20) { stopped = 1; exit }
}

function ranges(tmin, tmax, nz,    t, s, i) {
    s = nd_ok ? "nodata" : ""
    for (t = tmin; t <= tmax; t++)
        if (t in lo) s = s (s == "" ? "" : " or ") sprintf("%.4f..%.4f", lo[t], hi[t])
    for (i = 1; i <= nz; i++) s = s (s == "" ? "" : " or ") zv[i]
    return s == "" ? "nothing" : s
}

END {
    if (bad_usage) exit 2
    s = ""
    for (k in kinds) s = s (s == "" ? " (" : ", ") kinds[k] " " k
    if (s != "") s = s ")"
    printf "%d differing cell(s)%s: %d proven ties%s, %d not\n", cells,
           stopped ? " looked at (stopped after 20 that are not ties)" : "", ties + 0, s, failed + 0
    exit (failed > 0)
}
