# default.profile: dtmap's built-in default. Reporting ranges from 3GPP, coverage classes from
# China Mobile's LTE field-test grading, weak-coverage rules from common operator practice.
# Where no standard or operator convention exists, the source says "dtmap choice".
# Format: see README.md in this folder. Class bounds belong to the better class.
name = default
description = 3GPP reporting ranges; China Mobile LTE field-test classes; operator weak-coverage rules (LTE -110/0, NR -105/-3)

[lte]
range.rsrp = -140 -44 | 3GPP TS 36.133 RSRP report mapping: RSRP_00..RSRP_97, dBm = index - 141
range.rsrq = -34 2.5 | 3GPP TS 36.133 extended RSRQ reporting range (normal range -19.5..-3 dB), 0.5 dB steps
range.sinr = -23 40 | LTE has no 3GPP SINR report: NR SS-SINR range of 3GPP TS 38.133 used (dtmap choice)
weak.rsrp = -110 | operator convention, not a standard: LTE weak coverage is RSRP < -110 dBm
interference.sinr = 0 | operator convention, not a standard: SINR < 0 dB flags interference
classes.rsrp = excellent -85 #1a9641, good -95 #a6d96a, medium -105 #ffffbf, poor -115 #fdae61, very_poor #d7191c | China Mobile LTE field-test grading: > -85, -95..-85, -105..-95, -115..-105, < -115 dBm
classes.sinr = excellent 25 #1a9641, good 16 #a6d96a, medium 11 #ffffbf, poor 3 #fdae61, very_poor #d7191c | China Mobile LTE field-test grading: > 25, 16..25, 11..15, 3..10, < 3 dB

[nr]
range.rsrp = -156 -31 | 3GPP TS 38.133 SS-RSRP report mapping (L3): index 0..127, dBm = index - 156
range.rsrq = -43 20 | 3GPP TS 38.133 SS-RSRQ reporting range, 0.5 dB steps
range.sinr = -23 40 | 3GPP TS 38.133 SS-SINR reporting range, 0.5 dB steps
weak.rsrp = -105 | operator convention, not a standard: NR coverage rates are quoted against SS-RSRP >= -105 dBm
interference.sinr = -3 | operator convention, not a standard: NR coverage rates are quoted against SS-SINR >= -3 dB
classes.rsrp = excellent -80 #1a9641, good -90 #a6d96a, medium -100 #ffffbf, poor -110 #fdae61, very_poor #d7191c | dtmap choice: China Mobile LTE grading shifted +5 dB, as the NR rule (-105) sits 5 dB above LTE's (-110)
classes.sinr = excellent 25 #1a9641, good 16 #a6d96a, medium 11 #ffffbf, poor 3 #fdae61, very_poor #d7191c | dtmap choice: China Mobile LTE SINR grading applied unchanged to SS-SINR

[redcap]
range.rsrp = -156 -31 | RedCap is NR: 3GPP TS 38.133 SS-RSRP report mapping (L3), dBm = index - 156
range.rsrq = -43 20 | RedCap is NR: 3GPP TS 38.133 SS-RSRQ reporting range
range.sinr = -23 40 | RedCap is NR: 3GPP TS 38.133 SS-SINR reporting range
weak.rsrp = -105 | dtmap choice: NR's operator rule (SS-RSRP >= -105 dBm) kept for RedCap devices, which measure a few dB lower
interference.sinr = -3 | dtmap choice: NR's operator rule (SS-SINR >= -3 dB) kept for RedCap devices
classes.rsrp = excellent -80 #1a9641, good -90 #a6d96a, medium -100 #ffffbf, poor -110 #fdae61, very_poor #d7191c | dtmap choice: NR classes (China Mobile LTE grading shifted +5 dB) kept for RedCap devices
classes.sinr = excellent 25 #1a9641, good 16 #a6d96a, medium 11 #ffffbf, poor 3 #fdae61, very_poor #d7191c | dtmap choice: China Mobile LTE SINR grading applied unchanged to RedCap SS-SINR

[nbiot]
range.rsrp = -156 -44 | NRSRP: modules report down to about -156 dBm in deep coverage (module manuals); top end LTE's -44 (TS 36.133)
range.rsrq = -34 2.5 | dtmap choice: NRSRQ checked against LTE's extended RSRQ range (3GPP TS 36.133)
range.sinr = -23 40 | dtmap choice: NB-IoT SNR checked against NR's SS-SINR range (3GPP TS 38.133)
weak.rsrp = -115 | dtmap choice: NRSRP < -115 dBm, 5 dB below LTE's rule since coverage enhancement reaches further
interference.sinr = 0 | dtmap choice: SNR < 0 dB, LTE's interference flag
classes.rsrp = excellent -95 #1a9641, good -105 #a6d96a, medium -115 #ffffbf, poor -125 #fdae61, very_poor #d7191c | dtmap choice: 10 dB steps like the CE0/CE1/CE2 coupling-loss targets (144/154/164 dB); weak below medium
classes.sinr = excellent 10 #1a9641, good 5 #a6d96a, medium 0 #ffffbf, poor -5 #fdae61, very_poor #d7191c | dtmap choice: 5 dB steps; medium ends at the 0 dB flag; NB-IoT still decodes below 0 dB with repetitions
ecl.ce2_share = 0.5 | dtmap choice: a cell is a CE2 gap when at least half of its samples used CE2
