# bad_colour.profile: test fixture, five-digit colour at line 6
name = broken

[lte]
range.rsrp = -140 -44 | 3GPP TS 36.133
classes.rsrp = excellent -85 #1a9641, good -95 #a6d96, very_poor #d7191c | operator grading
