# bad_number.profile: test fixture, letter O for a zero at line 6
name = broken

[lte]
range.rsrp = -140 -44 | 3GPP TS 36.133
weak.rsrp = -11O | operator rule
