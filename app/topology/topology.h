// The lab as a picture: what the topology canvas draws and the exports write. Built from the kernel
// and daemon state only (no Qt): the host's namespace with its bridges, each container namespace with
// its interfaces and the containers that share it, veth pairs labelled as `ip addr` names their ends,
// and the outside world. Laid out with Boost.Graph (Kamada-Kawai), written as DOT and GraphML with
// Boost.Graph's writers.
#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "lab.h"

namespace vethlab::topology {

/// Something Docker set up that is not a cable, drawn inside a box: a network's subnet (on its bridge),
/// a published port (on the host, and on the container it leads to), the embedded DNS server that
/// answers at 127.0.0.11 inside a container on a user-defined network, and (on the LAN router) that
/// the outside world is simulated: only the hosts listed answer.
struct Badge {
    enum class Kind { Subnet, PublishedPort, PortTarget, EmbeddedDns, SimulatedWorld };
    Kind kind = Kind::Subnet;
    std::vector<std::string> args; // the parts the text is made of, for a translated text
    std::string text;              // in English, as the exports write it
    bool operator==(const Badge&) const = default;
};

struct Node {
    enum class Kind { Host, Bridge, Namespace, Outside };
    std::string id; // stable across steps: "host", "br:docker0", "ns:<namespace name>", "lan"
    Kind kind = Kind::Namespace;
    std::string title;              // "tomcat81", "docker0 172.17.0.1/16", "host localhost"
    std::vector<std::string> lines; // interfaces and addresses, one per line
    std::vector<std::string> brief; // the same, collapsed: "eth0 172.17.0.2/16" (no lo, no MAC)
    std::string network;            // the Docker network a bridge carries (colour key)
    std::vector<Badge> badges;      // shown whether the box is expanded or collapsed
    /// `lines` as the canvas draws an expanded box: without the MAC addresses (left to the tooltip and
    /// the inspector: fewer columns rather than smaller text).
    std::vector<std::string> drawn;
    bool operator==(const Node&) const = default;
};

/// `--link TARGET:ALIAS`: the recipient (`from`) knows the target (`to`) by the alias, one way only
/// (a line in its /etc/hosts on the default bridge; an answer of the embedded DNS on a user-defined
/// network). Drawn as a dashed arrow between the two boxes, not a cable.
struct LinkRelation {
    std::string from, to;      // node ids: the recipient's and the target's namespaces
    std::string target, alias; // container name, and the name the recipient uses
    std::string label() const { return "--link " + target + ":" + alias; }
    bool operator==(const LinkRelation&) const = default;
};

struct Edge {
    std::string from, to;   // node ids
    std::string fromLabel;  // "17: eth0@if18" (the container's end)
    std::string toLabel;    // "18: veth2348854@if17" (the host's end)
    std::string network;    // colour key
    std::string fromIfName; // "eth0": the interface, for matching trace events
    std::string toIfName;   // "veth2348854"
    int fromNamespace = -1; // namespace ids, for matching trace events
    int toNamespace = -1;
    bool operator==(const Edge&) const = default;
};

struct Topology {
    std::vector<Node> nodes;
    std::vector<Edge> edges;
    std::vector<std::string> networks; // legend order: bridge networks as `docker network ls` lists them
    std::vector<LinkRelation> relations;

    const Node* node(const std::string& id) const;
    bool operator==(const Topology&) const = default; // the same picture to draw
};

Topology build(const Lab& lab);

using Point = std::pair<double, double>;
/// Positions for every node, in a square of `side` units. Nodes in `pinned` keep their places (what
/// existed does not jump when something is added); the others come from a Kamada-Kawai layout.
std::map<std::string, Point> layout(const Topology& t, const std::map<std::string, Point>& pinned,
                                    double side = 1000);

std::string toDot(const Topology& t);
std::string toGraphml(const Topology& t);

/// Where a node's box is drawn (its top-left corner and size), for the formats that carry geometry.
struct Box {
    double x = 0, y = 0, width = 0, height = 0;
    bool expanded = true; // drawn with every line, or collapsed to `brief`
};
/// draw.io (diagrams.net) XML: one vertex per node at its box, one edge per link with both ends'
/// labels; networks keep their colours (`colours`: network name to "#rrggbb").
std::string toDrawio(const Topology& t, const std::map<std::string, Box>& boxes,
                     const std::map<std::string, std::string>& colours, const std::string& title);
/// A Mermaid flowchart: one node per box, one link per veth pair labelled with both ends.
std::string toMermaid(const Topology& t, const std::map<std::string, std::string>& colours,
                      const std::string& title);
/// A link drawn only to keep a --network none namespace near the host in the layout.
bool isStructural(const Edge& e);

} // namespace vethlab::topology
