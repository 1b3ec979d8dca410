name = inf
[lte]
classes.rsrp = good inf #1a9641, bad #d7191c | test
