#include "hop_words.h"

#include <QRegularExpression>

#include "topology_scene.h"

namespace vethlab::gui {
namespace {

QString q(const std::string& s) {
    return QString::fromStdString(s);
}

QString endpoint(Ipv4 address, std::uint16_t port) {
    return port ? q(address.str()) + ":" + QString::number(port) : q(address.str());
}

QString code(const QString& s) {
    return "<code>" + s.toHtmlEscaped() + "</code>";
}

} // namespace

HopWords::Layer HopWords::layerOf(const sim::HopDecision& d) {
    switch (d.kind) {
    case sim::HopDecision::Kind::FdbHit:
    case sim::HopDecision::Kind::FdbFlood:
        return Layer::Bridge;
    case sim::HopDecision::Kind::Route:
        return Layer::Route;
    case sim::HopDecision::Kind::Filter:
        return Layer::Filter;
    case sim::HopDecision::Kind::Nat:
        return Layer::Nat;
    }
    return Layer::Route;
}

QString HopWords::heading(Layer layer) {
    switch (layer) {
    case Layer::Arp:
        return tr("ARP (who has this IP address?)");
    case Layer::Bridge:
        return tr("Layer 2: the bridge's forwarding table (FDB)");
    case Layer::Route:
        return tr("Layer 3: the routing table");
    case Layer::Filter:
        return tr("Firewall: iptables");
    case Layer::Nat:
        return tr("Address rewriting: NAT");
    }
    return {};
}

QString HopWords::decision(const sim::HopDecision& d) {
    const QString device = q(d.device);
    switch (d.kind) {
    case sim::HopDecision::Kind::FdbHit:
        return tr("Bridge %1 looked up %2: it is behind port %3, so the frame goes out of that port only.")
            .arg(device, q(d.mac.str()), q(d.port));
    case sim::HopDecision::Kind::FdbFlood:
        if (d.mac == Mac{{0xff, 0xff, 0xff, 0xff, 0xff, 0xff}})
            return tr("Bridge %1: a broadcast, so a copy goes out of every other port.").arg(device);
        return tr("Bridge %1 does not know %2 yet (not in its FDB), so a copy goes out of every other port.")
            .arg(device, q(d.mac.str()));
    case sim::HopDecision::Kind::Route:
        if (d.gateway)
            return tr("Route to %1: through the gateway %2, out of %3.")
                .arg(q(d.destination.str()), q(d.gateway->str()), device);
        return tr("Route to %1: on a directly connected network, out of %2.")
            .arg(q(d.destination.str()), device);
    case sim::HopDecision::Kind::Filter: {
        QString where = q(d.chain);
        if (!d.in.empty()) where += " -i " + q(d.in);
        if (!d.out.empty()) where += " -o " + q(d.out);
        const bool policy = d.rule.rfind("-P ", 0) == 0;
        if (policy)
            return d.accepted ? tr("Chain %1: no rule matched; the chain's policy %2 accepts it.")
                                    .arg(where, q(d.rule))
                              : tr("Chain %1: no rule matched; the chain's policy %2 drops it.")
                                    .arg(where, q(d.rule));
        return d.accepted ? tr("Chain %1: the rule %2 matched and accepts it.").arg(where, q(d.rule))
                          : tr("Chain %1: the rule %2 matched and drops it.").arg(where, q(d.rule));
    }
    case sim::HopDecision::Kind::Nat: {
        const QString before = endpoint(d.before, d.portBefore), after = endpoint(d.after, d.portAfter);
        if (d.natKind == "MASQUERADE")
            return tr("MASQUERADE: the source %1 becomes %2 (the host's address), so the answer can find "
                      "its way back.")
                .arg(before, after);
        if (d.natKind == "DNAT")
            return tr("DNAT (a published port): the destination %1 becomes %2, the container.")
                .arg(before, after);
        return tr("The answer to a rewritten connection: the source %1 becomes %2 again, as the sender "
                  "expects.")
            .arg(before, after);
    }
    }
    return {};
}

QString HopWords::arp(const std::string& summary) {
    static const QRegularExpression ask("^ARP who-has (\\S+) tell (\\S+)");
    static const QRegularExpression reply("^ARP reply (\\S+) is-at (\\S+)");
    const QString s = q(summary);
    if (const auto m = ask.match(s); m.hasMatch())
        return tr("%1 does not know the MAC address of %2 yet (no neighbour entry): it asks everyone on the "
                  "link, in a broadcast.")
            .arg(m.captured(2), m.captured(1));
    if (const auto m = reply.match(s); m.hasMatch())
        return tr("%1 answers: its MAC address is %2. The asker stores it in its neighbour table (ip neigh) "
                  "and sends the waiting packet.")
            .arg(m.captured(1), m.captured(2));
    return {};
}

QString HopWords::html(const QString& where, const std::vector<sim::TraceEvent>& events,
                       const QStringList& said, const std::vector<sim::HopDecision>& decisions) {
    QString out = "<p><b>" + where.toHtmlEscaped() + "</b></p>";
    auto section = [&](const QString& title, const QStringList& lines, const char* colour = nullptr) {
        if (lines.isEmpty()) return;
        out += "<p><b>" + title.toHtmlEscaped() + "</b></p><ul>";
        for (const auto& l : lines)
            out += colour ? QString("<li><span style=\"color:%1\">%2</span></li>").arg(colour, l)
                          : "<li>" + l + "</li>";
        out += "</ul>";
    };
    QStringList frames, arps, drops;
    for (const auto& w : said)
        frames << w.toHtmlEscaped();
    for (const auto& e : events) {
        if (const QString a = arp(e.summary);
            !a.isEmpty() && e.direction == "tx" && !arps.contains(a.toHtmlEscaped()))
            arps << a.toHtmlEscaped();
        if (e.direction == "drop")
            drops << TopologyScene::dropReason(e.reason).toHtmlEscaped() +
                         (e.rule.empty() ? QString() : ": " + code(q(e.rule)));
    }
    section(tr("The frame"), frames);
    section(heading(Layer::Arp), arps);
    for (Layer layer : {Layer::Bridge, Layer::Route, Layer::Nat, Layer::Filter}) {
        QStringList lines;
        for (const auto& d : decisions)
            if (layerOf(d) == layer) {
                const QString text = decision(d).toHtmlEscaped();
                if (!lines.contains(text)) lines << text;
            }
        section(heading(layer), lines);
    }
    section(tr("Dropped"), drops, "#c00000");
    if (decisions.empty() && arps.isEmpty() && drops.isEmpty())
        out += "<p><i>" +
               tr("No decision at this hop: the frame only crosses a veth pair to its other end.")
                   .toHtmlEscaped() +
               "</i></p>";
    return out;
}

} // namespace vethlab::gui
