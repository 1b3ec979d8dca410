# bad_key.profile: test fixture, unknown key at line 7
name = broken

[lte]
range.rsrp = -140 -44 | 3GPP TS 36.133
weak.rsrp = -110 | operator rule
weak.rscp = -95 | operator rule
