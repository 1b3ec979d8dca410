#!/usr/bin/env python3
"""make_fixtures.py: writes the NMEA fixtures of tests/unit/test_nmea.c (checksums computed
here; deliberately bad lines are marked). Run from this folder: python3 make_fixtures.py"""
import math


def cks(body):
    x = 0
    for ch in body.encode("ascii"):
        x ^= ch
    return x


def s(body, lower=False, bad=False):
    """A sentence: $body*hh (hh wrong when bad, lower-case hex when lower)."""
    c = cks(body) ^ (0x21 if bad else 0)
    h = f"{c:02x}" if lower else f"{c:02X}"
    return f"${body}*{h}"


def lat_s(deg):
    d = int(deg)
    return f"{d:02d}{(deg - d) * 60:08.5f}"


def lon_s(deg):
    d = int(deg)
    return f"{d:03d}{(deg - d) * 60:08.5f}"


def yangshuo():
    """1 Hz GN track (u-blox M8 style, NMEA 4.10) through Yangshuo, 2026-03-14 01:20:00-29 UTC."""
    out = [s("GNTXT,01,01,02,u-blox AG - www.u-blox.com"),
           s("GNTXT,01,01,02,HW UBX-M8030 00080000"),
           s("GNTXT,01,01,02,ANTSTATUS=OK")]
    lat, lon = 24.778, 110.489  # 2446.68000 N, 11029.34000 E
    for i in range(30):
        t = f"0120{i:02d}.00"
        kn = 16.0 + 2.0 * math.sin(i / 5.0)
        course = 58.0 + 10.0 * math.sin(i / 7.0)
        hdop = 0.80 + 0.01 * (i % 10)
        q = 2 if 15 <= i <= 19 else 1
        nsat = 12 + i % 4
        alt = 112.0 + 0.1 * i
        la, lo = lat_s(lat), lon_s(lon)
        out.append(s(f"GNRMC,{t},A,{la},N,{lo},E,{kn:.3f},{course:.2f},140326,,,{'D' if q == 2 else 'A'},V"))
        out.append(s(f"GNVTG,{course:.2f},T,,M,{kn:.3f},N,{kn * 1.852:.3f},K,{'D' if q == 2 else 'A'}"))
        out.append(s(f"GNGGA,{t},{la},N,{lo},E,{q},{nsat:02d},{hdop:.2f},{alt:.1f},M,-17.9,M,,"))
        out.append(s(f"GNGSA,A,3,02,05,12,13,15,18,20,25,,,,,1.52,{hdop:.2f},1.25,1"))
        out.append(s(f"GNGSA,A,3,201,203,206,209,,,,,,,,,1.52,{hdop:.2f},1.25,4"))
        if i % 10 == 0:
            out.append(s("GPGSV,3,1,10,02,45,120,38,05,30,045,35,12,67,310,42,13,22,200,30,1"))
            out.append(s("GPGSV,3,2,10,15,40,080,36,18,15,250,28,20,08,330,,25,55,170,41,1"))
            out.append(s("GPGSV,3,3,10,29,05,020,,31,12,290,22,1"))
            out.append(s("BDGSV,2,1,06,201,50,140,40,203,45,230,37,206,60,010,39,209,30,100,33,1"))
            out.append(s("BDGSV,2,2,06,214,10,300,,216,20,060,25,1"))
        out.append(s(f"GNGLL,{la},N,{lo},E,{t},A,{'D' if q == 2 else 'A'}"))
        d = kn * 0.514444  # metres in one second
        lat += d * math.cos(math.radians(course)) / 111195.0
        lon += d * math.sin(math.radians(course)) / (111195.0 * math.cos(math.radians(lat)))
    return out


def rmc(t, la, lo, date, tail="12.5,45.0"):
    return s(f"GPRMC,{t},A,{la},N,{lo},E,{tail},{date},,,A")


def gga(t, la, lo, hdop, q=1, talker="GP", n=8):
    return s(f"{talker}GGA,{t},{la},N,{lo},E,{q},{n:02d},{hdop},118.4,M,-17.9,M,,")


def bad():
    """Every way a line can go wrong, and a midnight rollover; written with CRLF."""
    gsv1 = "GPGSV,2,1,07,02,45,120,38,05,30,045,35,12,67,310,42,13,22,200,30"
    gsv2 = "GPGSV,2,2,07,15,40,080,36,18,15,250,28,25,55,170,41"
    gsa = "GPGSA,A,3,02,05,12,13,15,18,25,,,,,,1.90,1.10,1.55"
    cut = gga("235955.00", "2447.41500", "11030.11800", "1.20")
    return [
        s("GPTXT,01,01,02,ANTSTATUS=OK"),                                     # 1 skip TXT
        s("GPRMC,235950.00,V,,,,,,,140326,,,N"),                             # 2 no_fix
        s("GPVTG,,,,,,,,,N"),                                                # 3 skip VTG
        s("GPGGA,235950.00,,,,,0,00,99.99,,,,,,"),                           # 4 no_fix
        s("GPGSA,A,1,,,,,,,,,,,,,99.99,99.99,99.99"),                        # 5 skip GSA
        s("GPGGA,235951.00,,,,,6,00,99.99,,,,,,"),                           # 6 no_fix
        rmc("235952.00", "2447.40000", "11030.10000", "140326"),             # 7 RMC same epoch
        gga("235952.00", "2447.40000", "11030.10000", "1.40", n=7),          # 8 fix
        s(gsv1),                                                             # 9 skip GSV
        s(gsv2),                                                             # 10 skip GSV
        "",                                                                  # 11 blank
        s("GPRMC,235953.00,A,2447.40500,N,11030.10600,E,12.5,45.1,140326,,,A", bad=True),  # 12
        s("GPGGA,235953.00,2447.40500,N,11030.10600,E,1,07,1.30,118.3,M,-17.9,M,,",
          lower=True),                                                       # 13 fix
        "\x8b\x1f\x00\x01junk\xff",                                          # 14 not NMEA
        rmc("235954.00", "2447.41000", "11030.11200", "140326"),             # 15 fix (RMC)
        "$GPGGA,235954.00,2447.41000,N,110",                                 # 16 truncated
        "SERIAL: buffer overrun, 12 bytes lost",                             # 17 not NMEA
        "$GPGSV,2,1,07,02,45,120,3" + cut,                                   # 18 fix (junk before)
        rmc("235955.00", "2447.41500", "11030.11800", "140326"),             # 19 RMC same epoch
        rmc("235956.00", "2447.42000", "11030.12400", "140326"),             # 20 fix (RMC)
        gga("235956.00", "9147.42000", "11030.12400", "1.20"),               # 21 bad_position
        rmc("235957.00", "2447.42500", "11030.13000", "140326"),             # 22 fix (RMC)
        gga("2359x7.00", "2447.42500", "11030.13000", "1.20"),               # 23 bad_time
        rmc("235958.00", "2447.43000", "11030.13600", "140326"),             # 24 RMC same epoch
        gga("235958.00", "2447.43000", "11030.13600", "1.10"),               # 25 fix
        gga("235959.00", "2447.43500", "11030.14200", "1.10"),               # 26 fix, 14 March
        gga("000001.00", "2447.44500", "11030.15400", "1.10"),               # 27 fix, 15 March
        s(gsv1),                                                             # 28 skip GSV
        s(gsv2),                                                             # 29 skip GSV
        s(gsa),                                                              # 30 skip GSA
        s("GPVTG,45.0,T,,M,12.5,N,23.2,K,A"),                                # 31 skip VTG
        s("GPTXT,01,01,02,ANTSTATUS=OK"),                                    # 32 skip TXT
        rmc("000002.00", "2447.45000", "11030.16000", "150326"),             # 33 RMC same epoch
        gga("000002.00", "2447.45000", "11030.16000", "1.00", n=9),          # 34 fix
        gga("235959.50", "2447.43800", "11030.14500", "1.10"),               # 35 fix, 14 March
        rmc("000003.00", "2447.45500", "11030.16600", "150326"),             # 36 RMC same epoch
        gga("000003.00", "2447.45500", "11030.16600", "1.00", n=9),          # 37 fix
        rmc("000005.00", "2447.46500", "11030.17800", "150326"),             # 38 RMC same epoch
        gga("000005.00", "2447.46500", "11030.17800", "0.90", n=9),          # 39 fix
        rmc("000004.00", "2447.46000", "11030.17200", "150326"),             # 40 RMC same epoch
        gga("000004.00", "2447.46000", "11030.17200", "0.95", n=9),          # 41 fix
        rmc("000003.00", "2447.45500", "11030.16600", "150326"),             # 42 repeated epoch
        gga("000003.00", "2447.45500", "11030.16600", "1.00", n=9),          # 43 repeated epoch
        rmc("000005.00", "2447.50000", "11030.20000", "150326"),             # 44 duplicate_time
        gga("000005.00", "2447.50000", "11030.20000", "0.90", n=9),          # 45 duplicate_time
        rmc("000006.00", "2447.47500", "11030.19000", "150326"),             # 46 duplicate_time
        gga("000006.00", "2447.47000", "11030.18400", "0.80", q=2, talker="GN", n=10),  # 47 fix
        rmc("000007.00", "2447.48000", "11030.19000", "150326"),             # 48 fix (RMC)
        s("PUBX,00,000007.00,2447.48000,N,11030.19000,E,118.4,G3,2.1,2.9,23.2,45.0,0.0,,"
          "0.80,1.10,0.90,10,0,0"),                                          # 49 skip PUBX
    ]


def gga_only():
    """A receiver set to GGA (+GSA, GSV) only: no date anywhere."""
    out = []
    for i in range(8):
        t = f"0120{i:02d}.00"
        out.append(gga(t, f"2446.{68000 + 450 * i:05d}", f"11029.{34000 + 700 * i:05d}", "0.90"))
        out.append(s("GPGSA,A,3,02,05,12,13,15,18,25,,,,,,1.60,0.90,1.32"))
        if i % 4 == 0:
            out.append(s("GPGSV,1,1,04,02,45,120,38,05,30,045,35,12,67,310,42,13,22,200,30"))
    return out


def write(name, lines, eol):
    with open(name, "wb") as f:
        f.write("".join(l + eol for l in lines).encode("latin-1"))


if __name__ == "__main__":
    write("yangshuo.nmea", yangshuo(), "\n")
    write("bad.nmea", bad(), "\r\n")
    write("gga_only.nmea", gga_only(), "\n")
