# bad_order.profile: test fixture, classes not best first at line 7
name = broken

[lte]
range.rsrp = -140 -44 | 3GPP TS 36.133
weak.rsrp = -110 | operator rule
classes.rsrp = poor -115 #fdae61, medium -105 #ffffbf, good -95 #a6d96a, very_poor #d7191c | operator grading
