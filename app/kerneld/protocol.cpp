#include "protocol.h"

#include <QJsonArray>
#include <arpa/inet.h>

#include "kernel/netfilter_parse.h"

namespace vethlab::kerneld {
namespace {

using namespace kernel;

template <class... Ts> struct Overloaded : Ts... { using Ts::operator()...; };
template <class... Ts> Overloaded(Ts...) -> Overloaded<Ts...>;

QString q(const std::string& s) {
    return QString::fromStdString(s);
}
std::string str(const QJsonValue& v) {
    return v.toString().toStdString();
}

QJsonObject nsJson(const NsRef& n) {
    return {{"id", n.id}, {"name", q(n.name)}};
}
NsRef nsFrom(const QJsonValue& v) {
    const QJsonObject o = v.toObject();
    return {o["id"].toInt(), str(o["name"])};
}

Mac macFrom(const QJsonValue& v) {
    Mac m;
    const std::string s = str(v);
    for (std::size_t i = 0; i < 6 && i * 3 + 2 <= s.size(); ++i)
        m.bytes[i] = static_cast<std::uint8_t>(std::stoi(s.substr(i * 3, 2), nullptr, 16));
    return m;
}

Ipv4 ipFrom(const QJsonValue& v) {
    return Ipv4::parse(str(v)).value_or(Ipv4{});
}
Ipv4Prefix prefixFrom(const QJsonValue& v) {
    return Ipv4Prefix::parse(str(v)).value_or(Ipv4Prefix{});
}

QJsonObject v4Json(const Ipv4Address& a) {
    return {{"prefix", q(a.prefix.str())}, {"brd", q(a.broadcast.str())}, {"label", q(a.label)}};
}
Ipv4Address v4From(const QJsonValue& v) {
    const QJsonObject o = v.toObject();
    return {prefixFrom(o["prefix"]), ipFrom(o["brd"]), str(o["label"])};
}
QJsonObject v6Json(const Ipv6Address& a) {
    return {{"address", q(a.address)}, {"len", a.prefixLength}, {"scope", q(a.scope)}, {"flags", q(a.flags)}};
}
Ipv6Address v6From(const QJsonValue& v) {
    const QJsonObject o = v.toObject();
    return {str(o["address"]), o["len"].toInt(64), str(o["scope"]), str(o["flags"]), 0, true};
}

QJsonObject linkJson(const Link& l) {
    QJsonArray v4, v6;
    for (const auto& a : l.ipv4)
        v4.append(v4Json(a));
    for (const auto& a : l.ipv6)
        v6.append(v6Json(a));
    return {{"ifindex", l.ifindex},
            {"name", q(l.name)},
            {"kind", static_cast<int>(l.kind)},
            {"mtu", l.mtu},
            {"mac", q(l.mac.str())},
            {"up", l.adminUp},
            {"master", l.master},
            {"peer", l.peerIfindex},
            {"peerNs", l.peerNamespace},
            {"mode", q(l.stackMode)},
            {"promiscuity", l.promiscuity},
            {"qdisc", q(l.qdisc)},
            {"qlen", l.qlen},
            {"ipv4", v4},
            {"ipv6", v6},
            {"carrier", l.gotCarrierOnce}};
}
Link linkFrom(const QJsonValue& v) {
    const QJsonObject o = v.toObject();
    Link l;
    l.ifindex = o["ifindex"].toInt();
    l.name = str(o["name"]);
    l.kind = static_cast<LinkKind>(std::clamp(o["kind"].toInt(), 0, static_cast<int>(LinkKind::Ipvlan)));
    l.mtu = o["mtu"].toInt(1500);
    l.mac = macFrom(o["mac"]);
    l.adminUp = o["up"].toBool();
    l.master = o["master"].toInt();
    l.peerIfindex = o["peer"].toInt();
    l.peerNamespace = o["peerNs"].toInt(-1);
    l.stackMode = str(o["mode"]);
    l.promiscuity = o["promiscuity"].toInt();
    l.qdisc = str(o["qdisc"]);
    l.qlen = o["qlen"].toInt();
    l.gotCarrierOnce = o["carrier"].toBool();
    for (const auto& a : o["ipv4"].toArray())
        l.ipv4.push_back(v4From(a));
    for (const auto& a : o["ipv6"].toArray())
        l.ipv6.push_back(v6From(a));
    return l;
}

QJsonObject routeJson(const Route& r) {
    QJsonObject o{
        {"dst", q(r.destination.str())}, {"dev", r.device}, {"kernel", r.protoKernel}, {"link", r.scopeLink}};
    if (r.gateway) o["via"] = q(r.gateway->str());
    if (r.source) o["src"] = q(r.source->str());
    return o;
}
Route routeFrom(const QJsonValue& v) {
    const QJsonObject o = v.toObject();
    Route r;
    r.destination = prefixFrom(o["dst"]);
    r.device = o["dev"].toInt();
    r.protoKernel = o["kernel"].toBool();
    r.scopeLink = o["link"].toBool();
    if (o.contains("via")) r.gateway = ipFrom(o["via"]);
    if (o.contains("src")) r.source = ipFrom(o["src"]);
    return r;
}

QJsonObject route6Json(const Ipv6Route& r) {
    QJsonObject o{
        {"dst", q(r.destination.str())}, {"len", r.length}, {"dev", r.device}, {"metric", r.metric}};
    if (r.gateway) o["via"] = q(r.gateway->str());
    return o;
}
Ipv6Route route6From(const QJsonValue& v) {
    const QJsonObject o = v.toObject();
    Ipv6Route r;
    r.destination = Ipv6::parse(o["dst"].toString().toStdString()).value_or(Ipv6{});
    r.length = o["len"].toInt();
    r.device = o["dev"].toInt();
    r.metric = o["metric"].toInt(1024);
    if (o.contains("via")) r.gateway = Ipv6::parse(o["via"].toString().toStdString());
    return r;
}

QJsonObject base(const char* name, const NsRef& ns) {
    return {{"op", name}, {"ns", nsJson(ns)}};
}

QJsonObject tableJson(const NetfilterTable& t) {
    QJsonArray chains;
    for (const auto& c : t.chains) {
        QJsonArray rules;
        for (const auto& r : c.rules)
            rules.append(q(r.spec()));
        chains.append(QJsonObject{
            {"name", q(c.name)}, {"builtin", c.builtin}, {"policy", q(c.policy)}, {"rules", rules}});
    }
    return {{"name", q(t.name)}, {"chains", chains}};
}
void tableFrom(const QJsonValue& v, NetfilterTable& t) {
    t.chains.clear();
    for (const auto& cv : v.toObject()["chains"].toArray()) {
        const QJsonObject c = cv.toObject();
        NetfilterChain chain{str(c["name"]), c["builtin"].toBool(), str(c["policy"]), 0, 0, {}};
        for (const auto& r : c["rules"].toArray())
            if (auto rule = parseRuleSpec(str(r))) chain.rules.push_back(*rule);
        t.chains.push_back(chain);
    }
}

} // namespace

QJsonObject opToJson(const KernelOp& op) {
    return std::visit(Overloaded{
                          [](const NetnsAdd& o) { return base("NetnsAdd", o.ns); },
                          [](const NetnsDel& o) { return base("NetnsDel", o.ns); },
                          [](const LinkAdd& o) {
                              QJsonObject j = base("LinkAdd", o.ns);
                              j["link"] = linkJson(o.link);
                              if (!o.parent.empty()) j["parent"] = q(o.parent);
                              if (!o.mode.empty()) j["mode"] = q(o.mode);
                              return j;
                          },
                          [](const VethAdd& o) {
                              QJsonObject j = base("VethAdd", o.ns);
                              j["a"] = linkJson(o.hostEnd);
                              j["b"] = linkJson(o.peerEnd);
                              return j;
                          },
                          [](const LinkSetMaster& o) {
                              QJsonObject j = base("LinkSetMaster", o.ns);
                              j["ifindex"] = o.ifindex;
                              j["dev"] = q(o.dev);
                              j["master"] = o.master;
                              j["masterName"] = q(o.masterName);
                              return j;
                          },
                          [](const LinkSetNetns& o) {
                              QJsonObject j = base("LinkSetNetns", o.from);
                              j["ifindex"] = o.ifindex;
                              j["dev"] = q(o.dev);
                              j["to"] = nsJson(o.to);
                              return j;
                          },
                          [](const LinkRename& o) {
                              QJsonObject j = base("LinkRename", o.ns);
                              j["ifindex"] = o.ifindex;
                              j["from"] = q(o.from);
                              j["to"] = q(o.to);
                              return j;
                          },
                          [](const LinkSetMac& o) {
                              QJsonObject j = base("LinkSetMac", o.ns);
                              j["ifindex"] = o.ifindex;
                              j["dev"] = q(o.dev);
                              j["mac"] = q(o.mac.str());
                              return j;
                          },
                          [](const LinkSetUp& o) {
                              QJsonObject j = base("LinkSetUp", o.ns);
                              j["ifindex"] = o.ifindex;
                              j["dev"] = q(o.dev);
                              j["up"] = o.up;
                              return j;
                          },
                          [](const LinkDel& o) {
                              QJsonObject j = base("LinkDel", o.ns);
                              j["ifindex"] = o.ifindex;
                              j["dev"] = q(o.dev);
                              return j;
                          },
                          [](const AddrAdd& o) {
                              QJsonObject j = base("AddrAdd", o.ns);
                              j["ifindex"] = o.ifindex;
                              j["dev"] = q(o.dev);
                              j["address"] = v4Json(o.address);
                              return j;
                          },
                          [](const Ipv6AddrAdd& o) {
                              QJsonObject j = base("Ipv6AddrAdd", o.ns);
                              j["ifindex"] = o.ifindex;
                              j["dev"] = q(o.dev);
                              j["address"] = v6Json(o.address);
                              return j;
                          },
                          [](const RouteAdd& o) {
                              QJsonObject j = base("RouteAdd", o.ns);
                              j["route"] = routeJson(o.route);
                              j["dev"] = q(o.dev);
                              return j;
                          },
                          [](const RouteDel& o) {
                              QJsonObject j = base("RouteDel", o.ns);
                              j["route"] = routeJson(o.route);
                              j["dev"] = q(o.dev);
                              return j;
                          },
                          [](const Ipv6RouteAdd& o) {
                              QJsonObject j = base("Ipv6RouteAdd", o.ns);
                              j["route"] = route6Json(o.route);
                              j["dev"] = q(o.dev);
                              return j;
                          },
                          [](const Ipv6RouteDel& o) {
                              QJsonObject j = base("Ipv6RouteDel", o.ns);
                              j["route"] = route6Json(o.route);
                              j["dev"] = q(o.dev);
                              return j;
                          },
                          [](const FileWrite& o) {
                              QJsonObject j = base("FileWrite", o.ns);
                              j["path"] = q(o.path);
                              j["content"] = q(o.content);
                              j["hostPath"] = q(o.hostPath);
                              if (!o.container.empty()) j["container"] = q(o.container);
                              return j;
                          },
                          [](const Sysctl& o) {
                              QJsonObject j = base("Sysctl", o.ns);
                              j["key"] = q(o.key);
                              j["value"] = q(o.value);
                              return j;
                          },
                          [](const ChainNew& o) {
                              QJsonObject j = base("ChainNew", o.ns);
                              j["table"] = q(o.table);
                              j["chain"] = q(o.chain);
                              return j;
                          },
                          [](const ChainPolicy& o) {
                              QJsonObject j = base("ChainPolicy", o.ns);
                              j["table"] = q(o.table);
                              j["chain"] = q(o.chain);
                              j["policy"] = q(o.policy);
                              return j;
                          },
                          [](const RuleInsert& o) {
                              QJsonObject j = base("RuleInsert", o.ns);
                              j["table"] = q(o.table);
                              j["chain"] = q(o.chain);
                              j["position"] = o.position;
                              j["rule"] = q(o.rule.spec());
                              return j;
                          },
                          [](const RuleDelete& o) {
                              QJsonObject j = base("RuleDelete", o.ns);
                              j["table"] = q(o.table);
                              j["chain"] = q(o.chain);
                              j["rule"] = q(o.rule.spec());
                              return j;
                          },
                      },
                      op);
}

std::optional<KernelOp> opFromJson(const QJsonObject& j) {
    const std::string op = str(j["op"]);
    const NsRef ns = nsFrom(j["ns"]);
    const int ifindex = j["ifindex"].toInt();
    const std::string dev = str(j["dev"]);
    if (op == "NetnsAdd") return NetnsAdd{ns};
    if (op == "NetnsDel") return NetnsDel{ns};
    if (op == "LinkAdd") return LinkAdd{ns, linkFrom(j["link"]), str(j["parent"]), str(j["mode"])};
    if (op == "VethAdd") return VethAdd{ns, linkFrom(j["a"]), linkFrom(j["b"])};
    if (op == "LinkSetMaster")
        return LinkSetMaster{ns, ifindex, dev, j["master"].toInt(), str(j["masterName"])};
    if (op == "LinkSetNetns") return LinkSetNetns{ns, ifindex, dev, nsFrom(j["to"])};
    if (op == "LinkRename") return LinkRename{ns, ifindex, str(j["from"]), str(j["to"])};
    if (op == "LinkSetMac") return LinkSetMac{ns, ifindex, dev, macFrom(j["mac"])};
    if (op == "LinkSetUp") return LinkSetUp{ns, ifindex, dev, j["up"].toBool()};
    if (op == "LinkDel") return LinkDel{ns, ifindex, dev};
    if (op == "AddrAdd") return AddrAdd{ns, ifindex, dev, v4From(j["address"])};
    if (op == "Ipv6AddrAdd") return Ipv6AddrAdd{ns, ifindex, dev, v6From(j["address"])};
    if (op == "RouteAdd") return RouteAdd{ns, routeFrom(j["route"]), dev};
    if (op == "RouteDel") return RouteDel{ns, routeFrom(j["route"]), dev};
    if (op == "Ipv6RouteAdd") return Ipv6RouteAdd{ns, route6From(j["route"]), dev};
    if (op == "Ipv6RouteDel") return Ipv6RouteDel{ns, route6From(j["route"]), dev};
    if (op == "FileWrite")
        return FileWrite{ns, str(j["path"]), str(j["content"]), str(j["hostPath"]), str(j["container"])};
    if (op == "Sysctl") return Sysctl{ns, str(j["key"]), str(j["value"])};
    if (op == "ChainNew") return ChainNew{ns, str(j["table"]), str(j["chain"])};
    if (op == "ChainPolicy") return ChainPolicy{ns, str(j["table"]), str(j["chain"]), str(j["policy"])};
    if (op == "RuleInsert" || op == "RuleDelete") {
        auto rule = parseRuleSpec(str(j["rule"]));
        if (!rule) return std::nullopt;
        if (op == "RuleDelete") return RuleDelete{ns, str(j["table"]), str(j["chain"]), *rule};
        return RuleInsert{ns, str(j["table"]), str(j["chain"]), j["position"].toInt(), *rule};
    }
    return std::nullopt;
}

QJsonObject stateToJson(const KernelState& state) {
    QJsonArray namespaces;
    for (const auto& [id, ns] : state.namespaces()) {
        QJsonArray links, routes, neighbours;
        for (const auto& l : ns.links)
            links.append(linkJson(l));
        for (const auto& r : ns.routes)
            routes.append(routeJson(r));
        for (const auto& n : ns.neighbours)
            neighbours.append(QJsonObject{{"ifindex", n.ifindex},
                                          {"ip", q(n.ip.str())},
                                          {"mac", q(n.mac.str())},
                                          {"state", static_cast<int>(n.state)}});
        QJsonObject files;
        for (const auto& [path, content] : ns.files)
            files[q(path)] = q(content);
        namespaces.append(QJsonObject{{"id", id},
                                      {"name", q(ns.name)},
                                      {"links", links},
                                      {"routes", routes},
                                      {"neighbours", neighbours},
                                      {"files", files},
                                      {"ipForward", ns.ipForward},
                                      {"ipv6Disabled", ns.ipv6Disabled},
                                      {"filter", tableJson(ns.netfilter.filter)},
                                      {"nat", tableJson(ns.netfilter.nat)}});
    }
    return {{"namespaces", namespaces}};
}

KernelState stateFromJson(const QJsonObject& o) {
    KernelState state;
    for (const auto& v : o["namespaces"].toArray()) {
        const QJsonObject j = v.toObject();
        const int id = j["id"].toInt();
        NetworkNamespace& ns = id == KernelState::kRootNamespace ? state.root() : state.addNamespace(id, "");
        ns.name = str(j["name"]);
        for (const auto& l : j["links"].toArray())
            state.insertLink(ns, linkFrom(l));
        for (const auto& r : j["routes"].toArray())
            ns.routes.push_back(routeFrom(r));
        for (const auto& nv : j["neighbours"].toArray()) {
            const QJsonObject n = nv.toObject();
            ns.neighbours.push_back({n["ifindex"].toInt(), ipFrom(n["ip"]), macFrom(n["mac"]),
                                     static_cast<Neighbour::State>(n["state"].toInt()), 0});
        }
        const QJsonObject files = j["files"].toObject();
        for (auto it = files.begin(); it != files.end(); ++it)
            ns.files[it.key().toStdString()] = str(it.value());
        ns.ipForward = j["ipForward"].toBool();
        ns.ipv6Disabled = j["ipv6Disabled"].toBool();
        tableFrom(j["filter"], ns.netfilter.filter);
        tableFrom(j["nat"], ns.netfilter.nat);
    }
    return state;
}

QJsonObject errorToJson(const KernelError& e) {
    return {{"command", q(e.command)}, {"errno", e.errnum}, {"message", q(e.message)}};
}

KernelError errorFromJson(const QJsonObject& o) {
    return {str(o["command"]), o["errno"].toInt(), str(o["message"])};
}

namespace {
const char* const kServiceKinds[] = {"httpd", "plain", "proxy", "nginx",
                                     "tomcat"}; // sim::TcpService::Kind's order
}

QJsonObject serviceToJson(const sim::TcpService& s) {
    return {{"ns", s.namespaceId},
            {"kind", kServiceKinds[static_cast<int>(s.kind)]},
            {"bind", QString::fromStdString(s.bind.str())},
            {"port", s.port},
            {"server", QString::fromStdString(s.server)},
            {"container", QString::fromStdString(s.container)},
            {"backend", QString::fromStdString(s.backend.str())},
            {"backendPort", s.backendPort}};
}

std::optional<sim::TcpService> serviceFromJson(const QJsonObject& o) {
    sim::TcpService s;
    int kind = -1;
    for (int i = 0; i < static_cast<int>(std::size(kServiceKinds)); ++i)
        if (o["kind"].toString() == kServiceKinds[i]) kind = i;
    const auto bind = Ipv4::parse(o["bind"].toString().toStdString());
    const auto backend = Ipv4::parse(o["backend"].toString().toStdString());
    const int port = o["port"].toInt(), backendPort = o["backendPort"].toInt();
    if (kind < 0 || !bind || !backend || port < 1 || port > 65535 || backendPort < 0 || backendPort > 65535)
        return std::nullopt;
    s.kind = static_cast<sim::TcpService::Kind>(kind);
    s.namespaceId = o["ns"].toInt(-1);
    s.bind = *bind;
    s.port = static_cast<std::uint16_t>(port);
    s.server = o["server"].toString().toStdString();
    s.container = o["container"].toString().toStdString();
    s.backend = *backend;
    s.backendPort = static_cast<std::uint16_t>(backendPort);
    return s;
}

QJsonObject proxyToJson(const ProxySpec& p) {
    return {{"proto", QString::fromStdString(p.proto)},
            {"hostIp", QString::fromStdString(p.hostIp)},
            {"hostPort", p.hostPort},
            {"containerIp", QString::fromStdString(p.containerIp)},
            {"containerPort", p.containerPort}};
}

std::optional<ProxySpec> proxyFromJson(const QJsonObject& o) {
    ProxySpec p{o["proto"].toString().toStdString(), o["hostIp"].toString().toStdString(),
                o["containerIp"].toString().toStdString(), o["hostPort"].toInt(), o["containerPort"].toInt()};
    auto address = [](const std::string& ip) {
        unsigned char buf[16];
        return inet_pton(AF_INET, ip.c_str(), buf) == 1 || inet_pton(AF_INET6, ip.c_str(), buf) == 1;
    };
    const bool ports =
        p.hostPort >= 1 && p.hostPort <= 65535 && p.containerPort >= 1 && p.containerPort <= 65535;
    if ((p.proto != "tcp" && p.proto != "udp") || !ports || !address(p.hostIp) || !address(p.containerIp))
        return std::nullopt;
    return p;
}

} // namespace vethlab::kerneld
