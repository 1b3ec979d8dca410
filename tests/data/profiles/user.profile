# user.profile: a planner's own profile for an LTE + NB-IoT metering campaign (test fixture).
# It spells the interference key weak.sinr, sets an RSRQ threshold and leaves out NR.
name = metering-2024
description = Smart-meter campaign: deeper NB-IoT rule, RSRQ watched on LTE

[lte]
range.rsrp = -140 -44 | 3GPP TS 36.133 RSRP report mapping
weak.rsrp = -100 | campaign rule from the customer's SLA: meters need RSRP >= -100 dBm
weak.rsrq = -15 | campaign rule: RSRQ < -15 dB counted as poor quality
weak.sinr = 2 | campaign rule: SINR < 2 dB counted as interference
classes.rsrp = ok -100 #1a9641, marginal -110 #ffffbf, fail #d7191c | campaign SLA grading

[nbiot]
range.rsrp = -156 -44 | module manual NRSRP range
weak.rsrp = -120 | campaign rule: NRSRP < -120 dBm
ecl.ce2_share = 0.3 | campaign rule: a cell is a CE2 gap when 30 % of its samples used CE2
