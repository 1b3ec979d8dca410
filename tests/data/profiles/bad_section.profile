# bad_section.profile: test fixture, unknown section at line 6
name = broken

[lte]
range.rsrp = -140 -44 | 3GPP TS 36.133
[umts]
weak.rsrp = -100 | operator rule
