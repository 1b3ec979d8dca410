# no_source.profile: test fixture, a value without its source at line 8
name = broken

[lte]
range.rsrp = -140 -44 | 3GPP TS 36.133
weak.rsrp = -110 | operator rule
# the next line forgot where its number comes from
interference.sinr = 0
