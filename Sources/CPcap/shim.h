#ifndef COREGATE_CPCAP_SHIM_H
#define COREGATE_CPCAP_SHIM_H
#include <pcap/pcap.h>
#endif
