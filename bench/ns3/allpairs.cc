// The ns-3 side of the all-pairs comparison (ns-3.37): N hosts, each with one CSMA link to a bridge
// node (as N containers with a veth to one Linux bridge), every host pings every other host once, all
// at the same moment. Copied into ns-3's scratch/ by bench/ns3/compare.sh; not built with vethlab.
#include "ns3/applications-module.h"
#include "ns3/bridge-module.h"
#include "ns3/core-module.h"
#include "ns3/csma-module.h"
#include "ns3/internet-apps-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"

using namespace ns3;

int main(int argc, char* argv[]) {
    uint32_t n = 100;
    CommandLine cmd;
    cmd.AddValue("containers", "hosts on the bridge", n);
    cmd.Parse(argc, argv);

    NodeContainer hosts;
    hosts.Create(n);
    Ptr<Node> bridge = CreateObject<Node>();
    CsmaHelper csma;
    csma.SetChannelAttribute("DataRate", DataRateValue(DataRate("10Gbps")));
    csma.SetChannelAttribute("Delay", TimeValue(MicroSeconds(12))); // vethlab's veth latency
    NetDeviceContainer hostDevices, bridgePorts;
    for (uint32_t i = 0; i < n; ++i) {
        NetDeviceContainer link = csma.Install(NodeContainer(hosts.Get(i), bridge));
        hostDevices.Add(link.Get(0));
        bridgePorts.Add(link.Get(1));
    }
    BridgeHelper().Install(bridge, bridgePorts);
    InternetStackHelper().Install(hosts);
    Ipv4AddressHelper addresses("10.0.0.0", "255.255.0.0");
    Ipv4InterfaceContainer ifaces = addresses.Assign(hostDevices);

    for (uint32_t i = 0; i < n; ++i)
        for (uint32_t j = 0; j < n; ++j) {
            if (i == j) continue;
            V4PingHelper ping(ifaces.GetAddress(j));
            ping.SetAttribute("Interval", TimeValue(Seconds(60))); // one echo in the run
            ApplicationContainer app = ping.Install(hosts.Get(i));
            app.Start(Seconds(1));
            app.Stop(Seconds(30));
        }
    Simulator::Stop(Seconds(31));
    Simulator::Run();
    std::cout << "{\"bench\":\"ns3-allpairs\",\"containers\":" << n << ",\"events\":" << Simulator::GetEventCount()
              << "}" << std::endl;
    Simulator::Destroy();
    return 0;
}
