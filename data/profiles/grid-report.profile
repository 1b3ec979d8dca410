# grid-report.profile: the RSRP buckets of operators' grid reports, with one coverage rule for
# LTE, NR and RedCap (RSRP >= -105 dBm and SINR >= -3 dB, NR's operator convention). An
# example of a planner's alternative to the default: stricter on LTE RSRP, looser on LTE SINR.
# Format: see README.md in this folder. Class bounds belong to the better class.
name = grid-report
description = Grid-report RSRP buckets; one coverage rule for LTE, NR and RedCap: RSRP >= -105 dBm and SINR >= -3 dB

[lte]
range.rsrp = -140 -44 | 3GPP TS 36.133 RSRP report mapping: RSRP_00..RSRP_97, dBm = index - 141
range.rsrq = -34 2.5 | 3GPP TS 36.133 extended RSRQ reporting range (normal range -19.5..-3 dB), 0.5 dB steps
range.sinr = -23 40 | LTE has no 3GPP SINR report: NR SS-SINR range of 3GPP TS 38.133 used (dtmap choice)
weak.rsrp = -105 | profile choice: NR's operator coverage rule (RSRP >= -105 dBm) applied to LTE too; stricter than the default -110
interference.sinr = -3 | profile choice: NR's operator coverage rule (SINR >= -3 dB) applied to LTE too; looser than the default 0
classes.rsrp = excellent -80 #1a9850, good -90 #91cf60, fair -100 #d9ef8b, marginal -105 #fee08b, weak -110 #fc8d59, very_weak #d73027 | grid-report RSRP buckets (-80,0], (-90,-80], (-100,-90], (-105,-100], (-110,-105], below -110 dBm; names dtmap's
classes.sinr = excellent 25 #1a9641, good 16 #a6d96a, medium 11 #ffffbf, poor 3 #fdae61, very_poor #d7191c | China Mobile LTE field-test grading: > 25, 16..25, 11..15, 3..10, < 3 dB

[nr]
range.rsrp = -156 -31 | 3GPP TS 38.133 SS-RSRP report mapping (L3): index 0..127, dBm = index - 156
range.rsrq = -43 20 | 3GPP TS 38.133 SS-RSRQ reporting range, 0.5 dB steps
range.sinr = -23 40 | 3GPP TS 38.133 SS-SINR reporting range, 0.5 dB steps
weak.rsrp = -105 | operator convention, not a standard: NR coverage rates are quoted against SS-RSRP >= -105 dBm
interference.sinr = -3 | operator convention, not a standard: NR coverage rates are quoted against SS-SINR >= -3 dB
classes.rsrp = excellent -80 #1a9850, good -90 #91cf60, fair -100 #d9ef8b, marginal -105 #fee08b, weak -110 #fc8d59, very_weak #d73027 | grid-report RSRP buckets (-80,0], (-90,-80], (-100,-90], (-105,-100], (-110,-105], below -110 dBm; names dtmap's
classes.sinr = excellent 25 #1a9641, good 16 #a6d96a, medium 11 #ffffbf, poor 3 #fdae61, very_poor #d7191c | profile choice: China Mobile LTE SINR grading applied unchanged to SS-SINR

[redcap]
range.rsrp = -156 -31 | RedCap is NR: 3GPP TS 38.133 SS-RSRP report mapping (L3), dBm = index - 156
range.rsrq = -43 20 | RedCap is NR: 3GPP TS 38.133 SS-RSRQ reporting range
range.sinr = -23 40 | RedCap is NR: 3GPP TS 38.133 SS-SINR reporting range
weak.rsrp = -105 | profile choice: NR's operator rule (SS-RSRP >= -105 dBm) kept for RedCap devices
interference.sinr = -3 | profile choice: NR's operator rule (SS-SINR >= -3 dB) kept for RedCap devices
classes.rsrp = excellent -80 #1a9850, good -90 #91cf60, fair -100 #d9ef8b, marginal -105 #fee08b, weak -110 #fc8d59, very_weak #d73027 | grid-report RSRP buckets (-80,0], (-90,-80], (-100,-90], (-105,-100], (-110,-105], below -110 dBm; names dtmap's
classes.sinr = excellent 25 #1a9641, good 16 #a6d96a, medium 11 #ffffbf, poor 3 #fdae61, very_poor #d7191c | profile choice: China Mobile LTE SINR grading applied unchanged to RedCap SS-SINR

[nbiot]
range.rsrp = -156 -44 | NRSRP: modules report down to about -156 dBm in deep coverage (module manuals); top end LTE's -44 (TS 36.133)
range.rsrq = -34 2.5 | dtmap choice: NRSRQ checked against LTE's extended RSRQ range (3GPP TS 36.133)
range.sinr = -23 40 | dtmap choice: NB-IoT SNR checked against NR's SS-SINR range (3GPP TS 38.133)
weak.rsrp = -115 | dtmap choice (as the default profile): NRSRP < -115 dBm
interference.sinr = 0 | dtmap choice (as the default profile): SNR < 0 dB
classes.rsrp = excellent -95 #1a9641, good -105 #a6d96a, medium -115 #ffffbf, poor -125 #fdae61, very_poor #d7191c | dtmap choice (as the default profile): 10 dB steps like the CE0/CE1/CE2 coupling-loss targets
classes.sinr = excellent 10 #1a9641, good 5 #a6d96a, medium 0 #ffffbf, poor -5 #fdae61, very_poor #d7191c | dtmap choice (as the default profile): 5 dB steps; medium ends at the 0 dB flag
ecl.ce2_share = 0.5 | dtmap choice (as the default profile): a cell is a CE2 gap when at least half of its samples used CE2
