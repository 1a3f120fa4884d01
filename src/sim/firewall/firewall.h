/* firewall.h - the two firewall log writers.
 *
 * The simulated network has two firewalls with different jobs, and each
 * writes the style its kind of product writes:
 *  - fgt-edge01, a FortiGate at the Internet edge (key=value traffic logs):
 *    the proxy's outbound sessions, direct connections from terminals that the
 *    policy denies, and inbound mail to the mail gateway;
 *  - corefw01, a Linux router between the internal segments (iptables LOG
 *    lines in the kernel log, via rsyslog with RFC 3339 time stamps): new
 *    connections from terminals to the servers, between terminals (SMB 445,
 *    the lateral movement of the scenario) and drops towards the business
 *    segment. */
#ifndef MITSUKE_SIM_FIREWALL_H
#define MITSUKE_SIM_FIREWALL_H

#include "sim/sim.h"

#define EDGE_PATTERN "fgt-edge01-%D.log"
#define CORE_PATTERN "corefw01-kern.log-%D"

void fortigate_write(buf *b, const sim_conn *c, sim *s);
void iptables_write(buf *b, const sim_conn *c, sim *s);

#endif
