#include "topology.h"

#include <algorithm>
#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/circle_layout.hpp>
#include <boost/graph/graphml.hpp>
#include <boost/graph/graphviz.hpp>
#include <boost/graph/kamada_kawai_spring_layout.hpp>
#include <boost/graph/topology.hpp>
#include <boost/property_map/dynamic_property_map.hpp>
#include <cmath>
#include <sstream>

namespace vethlab::topology {
namespace {

using kernel::Link;
using kernel::LinkKind;

std::string joined(const std::vector<std::string>& parts, const std::string& sep) {
    std::string out;
    for (const auto& p : parts)
        out += (out.empty() ? "" : sep) + p;
    return out;
}

// "17: eth0@if18", as `ip addr` heads the interface (without the flags).
std::string ipAddrName(const Link& l) {
    std::string s = std::to_string(l.ifindex) + ": " + l.name;
    if (l.kind == LinkKind::Veth) s += "@if" + std::to_string(l.peerIfindex);
    return s;
}

// "eth0 172.17.0.2/16": what a student looks for first.
std::string briefLine(const Link& l) {
    std::string s = l.name;
    for (const auto& a : l.ipv4)
        s += " " + a.prefix.str();
    return s;
}

std::string addressLine(const Link& l, bool withMac = true) {
    std::string s = ipAddrName(l);
    for (const auto& a : l.ipv4)
        s += "  " + a.prefix.str();
    if (withMac && l.kind != LinkKind::Loopback) s += "  " + l.mac.str();
    return s;
}

// A line and the same line as the canvas draws it.
void addLine(Node& n, const std::string& line, const std::string& drawn) {
    n.lines.push_back(line);
    n.drawn.push_back(drawn);
}
void addLine(Node& n, const std::string& line) {
    addLine(n, line, line);
}

// A published port as `docker port` would pair it: "0.0.0.0:8081" and "8080" ("8080/udp" for UDP).
std::string hostSide(const docker::PublishedPort& p) {
    return p.hostIp + ":" + std::to_string(p.hostPort);
}
std::string containerSide(const docker::PublishedPort& p) {
    return p.container.proto == "tcp" ? std::to_string(p.container.port) : p.container.str();
}

Badge subnetBadge(const docker::Network& n) {
    const std::string subnet = n.subnetText.empty() ? n.pool.subnet().str() : n.subnetText;
    return {
        Badge::Kind::Subnet, {subnet, n.gateway.str()}, "subnet " + subnet + "  gateway " + n.gateway.str()};
}

// The relations `--link` made: on the default bridge from HostConfig.Links ("/db:/app/mydb"), on a
// user-defined network from the endpoint's links ("db:mydb").
void addLinkRelations(Topology& t, const Lab& lab,
                      const std::map<std::string, std::string>& nodeOfContainer) {
    const auto& daemon = lab.daemon();
    for (const docker::Container* c : daemon.containers()) {
        if (!c->isRunning() || !nodeOfContainer.count(c->name)) continue;
        std::vector<std::pair<std::string, std::string>> links; // target, alias
        for (const auto& l : c->hostLinks) {
            const auto colon = l.find(':');
            if (colon == std::string::npos || colon < 1) continue;
            links.push_back({l.substr(1, colon - 1), l.substr(l.rfind('/') + 1)});
        }
        for (const auto& a : c->attachments)
            for (const auto& l : a.links) {
                const auto colon = l.find(':');
                if (colon != std::string::npos) links.push_back({l.substr(0, colon), l.substr(colon + 1)});
            }
        for (const auto& [ref, alias] : links) {
            const docker::Container* target = daemon.findContainer(ref);
            if (!target || !target->isRunning() || !nodeOfContainer.count(target->name)) continue;
            LinkRelation r{nodeOfContainer.at(c->name), nodeOfContainer.at(target->name), target->name,
                           alias};
            if (r.from == r.to) continue;
            if (std::find_if(t.relations.begin(), t.relations.end(), [&](const LinkRelation& o) {
                    return o.from == r.from && o.to == r.to && o.alias == r.alias;
                }) == t.relations.end())
                t.relations.push_back(r);
        }
    }
    // Oldest recipient first (containers() lists the newest first): the same lab, the same picture.
    std::reverse(t.relations.begin(), t.relations.end());
}

// Published ports: a badge on the host (where DNAT and docker-proxy listen) and one on the container.
void addPortBadges(Topology& t, const Lab& lab, const std::map<std::string, std::string>& nodeOfContainer) {
    std::vector<const docker::Container*> oldestFirst = lab.daemon().containers();
    std::reverse(oldestFirst.begin(), oldestFirst.end());
    for (const docker::Container* c : oldestFirst) {
        if (c->published.empty() || !c->isRunning() || !nodeOfContainer.count(c->name)) continue;
        const std::string& id = nodeOfContainer.at(c->name);
        Node* target = nullptr;
        for (auto& n : t.nodes)
            if (n.id == id) target = &n;
        for (const auto& p : c->published) {
            if (p.hostIp.find(':') != std::string::npos) continue; // the IPv6 twin of the same port
            const std::string to = c->name + ":" + containerSide(p);
            t.nodes.front().badges.push_back({Badge::Kind::PublishedPort,
                                              {hostSide(p), to, p.containerIp.str() + ":" + containerSide(p)},
                                              hostSide(p) + " \u2192 " + to + "  (DNAT, docker-proxy)"});
            if (target && target->kind == Node::Kind::Namespace)
                target->badges.push_back(
                    {Badge::Kind::PortTarget,
                     {containerSide(p), ":" + std::to_string(p.hostPort)},
                     "published " + containerSide(p) + " \u2190 host :" + std::to_string(p.hostPort)});
        }
    }
}

} // namespace

const Node* Topology::node(const std::string& id) const {
    for (const auto& n : nodes)
        if (n.id == id) return &n;
    return nullptr;
}

Topology build(const Lab& lab) {
    Topology t;
    const auto& kernel = lab.kernel();
    const auto& daemon = lab.daemon();
    const auto& root = kernel.root();

    std::map<std::string, std::string> networkOfBridge;
    std::map<std::string, Badge> subnetOfBridge;
    for (const docker::Network* n : daemon.networks())
        if (n->isBridge()) {
            networkOfBridge[n->bridgeName] = n->name;
            subnetOfBridge[n->bridgeName] = subnetBadge(*n);
            t.networks.push_back(n->name);
        }

    // Which containers live in which namespace (a container-mode pair shares one; host mode is 0).
    std::map<int, std::vector<std::string>> residents;
    for (const docker::Container* c : daemon.containers())
        if (c->isRunning()) residents[daemon.namespaceOf(*c)].push_back(c->name);
    for (auto& [ns, names] : residents)
        std::sort(names.begin(), names.end());

    Node host{"host", Node::Kind::Host, "host " + lab.settings().hostname, {}, {}, {}, {}};
    for (const auto& l : root.links)
        if (l.kind == LinkKind::Ethernet || l.kind == LinkKind::Loopback) {
            addLine(host, addressLine(l), addressLine(l, false));
            if (l.kind == LinkKind::Ethernet) host.brief.push_back(briefLine(l));
        }
    for (const auto& name : residents[kernel::KernelState::kRootNamespace]) {
        addLine(host, "container " + name + " (--network host)");
        host.brief.push_back("container " + name + " (--network host)");
    }
    t.nodes.push_back(host);

    Node lan{"lan", Node::Kind::Outside, "LAN router " + lab.settings().gateway.str(), {}, {}, {}, {}};
    for (const auto& h : lab.settings().internetHosts)
        addLine(lan, h.name + " " + h.address.str());
    lan.badges.push_back({Badge::Kind::SimulatedWorld, {}, "simulated internet: only these hosts answer"});
    t.nodes.push_back(lan);
    Edge uplink;
    uplink.from = "host";
    uplink.to = "lan";
    uplink.fromLabel = lab.settings().eth0Name;
    uplink.fromIfName = lab.settings().eth0Name;
    uplink.fromNamespace = kernel::KernelState::kRootNamespace;
    t.edges.push_back(uplink);

    for (const auto& l : root.links) {
        if (l.kind != LinkKind::Bridge) continue;
        Node br{"br:" + l.name, Node::Kind::Bridge, l.name, {}, {}, {}, {}};
        for (const auto& a : l.ipv4)
            br.title += " " + a.prefix.str();
        if (auto it = networkOfBridge.find(l.name); it != networkOfBridge.end()) br.network = it->second;
        addLine(br, "network " + (br.network.empty() ? std::string("-") : br.network));
        const std::string carrier = lab.kernel().hasCarrier(root, l) ? "UP" : "NO-CARRIER";
        addLine(br, carrier + "  " + l.mac.str(), carrier);
        br.brief.push_back(br.lines.front());
        if (auto it = subnetOfBridge.find(l.name); it != subnetOfBridge.end())
            br.badges.push_back(it->second);
        t.nodes.push_back(br);
        Edge e;
        e.from = "host";
        e.to = br.id;
        e.network = br.network;
        t.edges.push_back(e);
    }

    std::map<std::string, std::string> nodeOfContainer; // running container name -> its box
    for (const auto& [id, ns] : kernel.namespaces())
        if (residents.count(id))
            for (const auto& name : residents[id])
                nodeOfContainer[name] = id == kernel::KernelState::kRootNamespace ? "host" : "ns:" + ns.name;
    for (const auto& [id, ns] : kernel.namespaces()) {
        if (id == kernel::KernelState::kRootNamespace) continue;
        Node n{"ns:" + ns.name, Node::Kind::Namespace, {}, {}, {}, {}, {}};
        auto names = residents.count(id) ? residents[id] : std::vector<std::string>{};
        n.title = names.empty() ? "netns " + ns.name : joined(names, " + ");
        bool attached = false;
        for (const auto& l : ns.links) {
            addLine(n, addressLine(l), addressLine(l, false));
            if (l.kind != LinkKind::Loopback) n.brief.push_back(briefLine(l));
            if (l.kind != LinkKind::Veth || l.peerNamespace != kernel::KernelState::kRootNamespace) continue;
            const Link* peer = root.link(l.peerIfindex);
            if (!peer) continue;
            const Link* bridge = peer->master ? root.link(peer->master) : nullptr;
            Edge e;
            e.from = n.id;
            e.to = bridge ? "br:" + bridge->name : "host";
            e.fromLabel = ipAddrName(l);
            e.toLabel = ipAddrName(*peer);
            e.fromIfName = l.name;
            e.toIfName = peer->name;
            e.fromNamespace = id;
            e.toNamespace = kernel::KernelState::kRootNamespace;
            if (bridge)
                if (auto it = networkOfBridge.find(bridge->name); it != networkOfBridge.end())
                    e.network = it->second;
            t.edges.push_back(e);
            attached = true;
        }
        // Its resolv.conf says 127.0.0.11: Docker's embedded DNS answers there for the user-defined networks.
        for (const auto& name : names)
            if (const docker::Container* c = daemon.findContainer(name); c && c->embeddedDns) {
                n.badges.push_back({Badge::Kind::EmbeddedDns, {"127.0.0.11"}, "DNS 127.0.0.11 (embedded)"});
                break;
            }
        if (!attached) {
            // --network none: only lo. Drawn on its own; the layout still ties it to the host.
            Edge e;
            e.from = n.id;
            e.to = "host";
            t.edges.push_back(e);
        }
        t.nodes.push_back(n);
    }
    addPortBadges(t, lab, nodeOfContainer);
    addLinkRelations(t, lab, nodeOfContainer);
    return t;
}

std::map<std::string, Point> layout(const Topology& t, const std::map<std::string, Point>& pinned,
                                    double side) {
    using Graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::undirectedS, boost::no_property,
                                        boost::property<boost::edge_weight_t, double>>;
    using Space = boost::square_topology<>;
    const std::size_t n = t.nodes.size();
    std::map<std::string, std::size_t> index;
    for (std::size_t i = 0; i < n; ++i)
        index[t.nodes[i].id] = i;
    Graph g(n);
    for (const auto& e : t.edges)
        if (index.count(e.from) && index.count(e.to)) boost::add_edge(index[e.from], index[e.to], 1.0, g);
    std::vector<Space::point_type> position(n);
    auto positions = boost::make_iterator_property_map(position.begin(), boost::get(boost::vertex_index, g));
    boost::circle_graph_layout(g, positions, side / 3);
    if (n > 2) {
        Space space;
        // Kamada-Kawai can oscillate on symmetric graphs (two containers on one bridge): stop at the
        // tolerance, or after a bounded number of moves.
        struct Bounded {
            int* moves;
            boost::layout_tolerance<double> tolerance{0.01};
            bool operator()(double delta, Graph::vertex_descriptor v, const Graph& graph, bool global) {
                return ++*moves > 4000 || tolerance(delta, v, graph, global);
            }
        };
        int moves = 0;
        boost::kamada_kawai_spring_layout(g, positions, boost::get(boost::edge_weight, g), space,
                                          boost::side_length(side), Bounded{&moves});
    }
    std::map<std::string, Point> out;
    // Keep what was placed before: shift the new layout so that it agrees with the old on average.
    double dx = 0, dy = 0;
    int kept = 0;
    for (std::size_t i = 0; i < n; ++i)
        if (auto p = pinned.find(t.nodes[i].id); p != pinned.end()) {
            dx += p->second.first - position[i][0];
            dy += p->second.second - position[i][1];
            ++kept;
        }
    if (kept) {
        dx /= kept;
        dy /= kept;
    }
    for (std::size_t i = 0; i < n; ++i) {
        auto p = pinned.find(t.nodes[i].id);
        out[t.nodes[i].id] = p != pinned.end() ? p->second : Point{position[i][0] + dx, position[i][1] + dy};
    }
    return out;
}

namespace {

struct Vertex {
    std::string id, title, kind, network, lines, badges;
};
struct Link2 {
    std::string fromLabel, toLabel, network;
    std::string kind = "veth"; // or "link": a --link relation, not a cable
};

std::string badgeLines(const Node& n) {
    std::vector<std::string> texts;
    for (const auto& b : n.badges)
        texts.push_back(b.text);
    return joined(texts, "\n");
}
using OutGraph = boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS, Vertex, Link2>;

OutGraph toGraph(const Topology& t) {
    OutGraph g;
    std::map<std::string, OutGraph::vertex_descriptor> v;
    for (const auto& n : t.nodes) {
        const char* kind = n.kind == Node::Kind::Host      ? "host"
                           : n.kind == Node::Kind::Bridge  ? "bridge"
                           : n.kind == Node::Kind::Outside ? "outside"
                                                           : "namespace";
        v[n.id] = boost::add_vertex(
            Vertex{n.id, n.title, kind, n.network, joined(n.lines, "\n"), badgeLines(n)}, g);
    }
    for (const auto& e : t.edges)
        if (v.count(e.from) && v.count(e.to))
            boost::add_edge(v[e.from], v[e.to], Link2{e.fromLabel, e.toLabel, e.network}, g);
    for (const auto& r : t.relations)
        if (v.count(r.from) && v.count(r.to))
            boost::add_edge(v[r.from], v[r.to], Link2{r.label(), "", "", "link"}, g);
    return g;
}

std::string escapeDot(const std::string& s) {
    std::string out;
    for (char c : s) {
        if (c == '"' || c == '\\') out += '\\';
        if (c == '\n') {
            out += "\\n";
            continue;
        }
        out += c;
    }
    return out;
}

} // namespace

std::string toDot(const Topology& t) {
    OutGraph g = toGraph(t);
    std::ostringstream out;
    boost::write_graphviz(
        out, g,
        [&g](std::ostream& o, OutGraph::vertex_descriptor d) {
            const Vertex& x = g[d];
            o << "[label=\""
              << escapeDot(x.title + (x.lines.empty() ? "" : "\n" + x.lines) +
                           (x.badges.empty() ? "" : "\n" + x.badges))
              << "\", shape=" << (x.kind == "bridge" ? "ellipse" : "box") << ", id=\"" << escapeDot(x.id)
              << "\"]";
        },
        [&g](std::ostream& o, OutGraph::edge_descriptor d) {
            const Link2& x = g[d];
            if (x.kind == "link") {
                o << "[label=\"" << escapeDot(x.fromLabel) << "\", style=dashed, dir=forward]";
                return;
            }
            o << "[taillabel=\"" << escapeDot(x.fromLabel) << "\", headlabel=\"" << escapeDot(x.toLabel)
              << "\", label=\"" << escapeDot(x.network) << "\"]";
        },
        [](std::ostream& o) { o << "graph [label=\"vethlab topology\", rankdir=LR];\n"; });
    return out.str();
}

std::string toGraphml(const Topology& t) {
    OutGraph g = toGraph(t);
    boost::dynamic_properties dp;
    dp.property("id", boost::get(&Vertex::id, g));
    dp.property("title", boost::get(&Vertex::title, g));
    dp.property("kind", boost::get(&Vertex::kind, g));
    dp.property("network", boost::get(&Vertex::network, g));
    dp.property("interfaces", boost::get(&Vertex::lines, g));
    dp.property("badges", boost::get(&Vertex::badges, g));
    dp.property("edge_kind", boost::get(&Link2::kind, g));
    dp.property("from_label", boost::get(&Link2::fromLabel, g));
    dp.property("to_label", boost::get(&Link2::toLabel, g));
    dp.property("edge_network", boost::get(&Link2::network, g));
    std::ostringstream out;
    boost::write_graphml(out, g, dp, true);
    return out.str();
}

bool isStructural(const Edge& e) {
    return e.fromLabel.empty() && e.toLabel.empty() && e.network.empty() && e.to == "host" &&
           e.from.rfind("ns:", 0) == 0;
}

namespace {

std::string escapeXml(const std::string& s) {
    std::string out;
    for (char c : s)
        switch (c) {
        case '&':
            out += "&amp;";
            break;
        case '<':
            out += "&lt;";
            break;
        case '>':
            out += "&gt;";
            break;
        case '"':
            out += "&quot;";
            break;
        case '\n':
            out += "&#xa;";
            break;
        default:
            out += c;
        }
    return out;
}

std::string number(double v) {
    std::ostringstream o;
    o << std::lround(v);
    return o.str();
}

std::string colourOf(const std::map<std::string, std::string>& colours, const std::string& network) {
    auto it = colours.find(network);
    return it == colours.end() ? "#7f7f7f" : it->second;
}

} // namespace

std::string toDrawio(const Topology& t, const std::map<std::string, Box>& boxes,
                     const std::map<std::string, std::string>& colours, const std::string& title) {
    std::ostringstream out;
    out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        << "<mxfile host=\"vethlab\">\n  <diagram id=\"vethlab\" name=\"" << escapeXml(title) << "\">\n"
        << "    <mxGraphModel grid=\"1\" gridSize=\"10\" page=\"0\">\n      <root>\n"
        << "        <mxCell id=\"0\"/>\n        <mxCell id=\"1\" parent=\"0\"/>\n";
    std::map<std::string, std::string> cell;
    for (std::size_t i = 0; i < t.nodes.size(); ++i) {
        const Node& n = t.nodes[i];
        cell[n.id] = "n" + std::to_string(i);
        const Box b = boxes.count(n.id) ? boxes.at(n.id) : Box{0, 0, 160, 60, true};
        auto shown = b.expanded ? n.lines : n.brief; // as the canvas draws it, badges last
        for (const auto& badge : n.badges)
            shown.push_back(badge.text);
        std::string style =
            "rounded=0;whiteSpace=wrap;html=0;align=left;spacingLeft=6;fontFamily=DejaVu Sans Mono;";
        switch (n.kind) {
        case Node::Kind::Host:
            style += "fillColor=#e8eef4;strokeColor=#444444;";
            break;
        case Node::Kind::Bridge:
            style += "fillColor=#ffffff;strokeWidth=3;strokeColor=" + colourOf(colours, n.network) + ";";
            break;
        case Node::Kind::Outside:
            style += "dashed=1;fillColor=#f0f0e0;strokeColor=#999966;";
            break;
        case Node::Kind::Namespace:
            style += "fillColor=#ffffff;strokeColor=#444444;";
            break;
        }
        out << "        <mxCell id=\"" << cell[n.id] << "\" value=\""
            << escapeXml(n.title + (shown.empty() ? "" : "\n" + joined(shown, "\n"))) << "\" style=\""
            << escapeXml(style) << "\" vertex=\"1\" parent=\"1\">\n          <mxGeometry x=\"" << number(b.x)
            << "\" y=\"" << number(b.y) << "\" width=\"" << number(b.width) << "\" height=\""
            << number(b.height) << "\" as=\"geometry\"/>\n        </mxCell>\n";
    }
    for (std::size_t i = 0; i < t.edges.size(); ++i) {
        const Edge& e = t.edges[i];
        if (!cell.count(e.from) || !cell.count(e.to) || isStructural(e)) continue;
        const std::string id = "e" + std::to_string(i);
        out << "        <mxCell id=\"" << id
            << "\" style=\"endArrow=none;html=0;strokeWidth=" << (e.network.empty() ? "1" : "2")
            << ";strokeColor=" << colourOf(colours, e.network) << ";\" edge=\"1\" parent=\"1\" source=\""
            << cell[e.from] << "\" target=\"" << cell[e.to]
            << "\">\n          <mxGeometry relative=\"1\" as=\"geometry\"/>\n        </mxCell>\n";
        // Each end's label near its own box, as `ip addr` names that end.
        const std::pair<const std::string*, const char*> ends[] = {{&e.fromLabel, "-0.6"},
                                                                   {&e.toLabel, "0.6"}};
        for (const auto& [label, x] : ends)
            if (!label->empty())
                out << "        <mxCell id=\"" << id << (x[0] == '-' ? "s" : "t") << "\" value=\""
                    << escapeXml(*label)
                    << "\" style=\"edgeLabel;html=0;resizable=0;fontFamily=DejaVu Sans Mono;\" vertex=\"1\" "
                       "connectable=\"0\" parent=\""
                    << id << "\">\n          <mxGeometry x=\"" << x
                    << "\" relative=\"1\" as=\"geometry\"><mxPoint as=\"offset\"/></mxGeometry>\n"
                       "        </mxCell>\n";
    }
    // --link: a dashed arrow from the recipient to the target, labelled with the alias.
    for (std::size_t i = 0; i < t.relations.size(); ++i) {
        const LinkRelation& r = t.relations[i];
        if (!cell.count(r.from) || !cell.count(r.to)) continue;
        out << "        <mxCell id=\"r" << i << "\" value=\"" << escapeXml(r.label())
            << "\" style=\"dashed=1;endArrow=classic;html=0;strokeColor=#555555;fontFamily=DejaVu Sans "
               "Mono;\" "
               "edge=\"1\" parent=\"1\" source=\""
            << cell[r.from] << "\" target=\"" << cell[r.to]
            << "\">\n          <mxGeometry relative=\"1\" as=\"geometry\"/>\n        </mxCell>\n";
    }
    out << "      </root>\n    </mxGraphModel>\n  </diagram>\n</mxfile>\n";
    return out.str();
}

std::string toMermaid(const Topology& t, const std::map<std::string, std::string>& colours,
                      const std::string& title) {
    // Mermaid labels are quoted strings: a quote is written #quot; and a line break <br/>.
    auto text = [](const std::string& s) {
        std::string out;
        for (char c : s)
            out += c == '"' ? std::string("#quot;") : c == '\n' ? std::string("<br/>") : std::string(1, c);
        return out;
    };
    std::ostringstream out;
    out << "---\ntitle: " << text(title) << "\n---\nflowchart LR\n";
    std::map<std::string, std::string> id;
    for (std::size_t i = 0; i < t.nodes.size(); ++i) {
        const Node& n = t.nodes[i];
        id[n.id] = "n" + std::to_string(i);
        const std::string badges = badgeLines(n);
        const std::string label = "\"" +
                                  text(n.title + (n.brief.empty() ? "" : "\n" + joined(n.brief, "\n")) +
                                       (badges.empty() ? "" : "\n" + badges)) +
                                  "\"";
        // Shapes by kind: a bridge is a stadium, the outside world a cloud-like hexagon.
        out << "    " << id[n.id]
            << (n.kind == Node::Kind::Bridge    ? "([" + label + "])"
                : n.kind == Node::Kind::Outside ? "{{" + label + "}}"
                                                : "[" + label + "]")
            << "\n";
    }
    std::vector<std::string> styles;
    int link = 0;
    for (const auto& e : t.edges) {
        if (!id.count(e.from) || !id.count(e.to) || isStructural(e)) continue;
        std::string label = e.fromLabel;
        if (!e.toLabel.empty()) label += (label.empty() ? "" : " \u2194 ") + e.toLabel;
        out << "    " << id[e.from] << (label.empty() ? " --- " : " ---|\"" + text(label) + "\"| ")
            << id[e.to] << "\n";
        if (!e.network.empty())
            styles.push_back("    linkStyle " + std::to_string(link) +
                             " stroke:" + colourOf(colours, e.network) + ",stroke-width:2px\n");
        ++link;
    }
    for (const auto& r : t.relations)
        if (id.count(r.from) && id.count(r.to))
            out << "    " << id[r.from] << " -.->|\"" << text(r.label()) << "\"| " << id[r.to] << "\n";
    for (const auto& s2 : styles)
        out << s2;
    return out.str();
}

} // namespace vethlab::topology
