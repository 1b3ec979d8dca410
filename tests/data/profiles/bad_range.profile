# bad_range.profile: test fixture, low and high swapped at line 6
name = broken

[lte]
range.rsrp = -140 -44 | 3GPP TS 36.133
range.sinr = 40 -23 | 3GPP TS 38.133
