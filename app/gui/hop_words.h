// A micro-step's hop in plain words, in the window's language: what the frame did (sent, received,
// dropped, handed to a program), what ARP asked or answered, and each decision the kernel took for it
// (the bridge's FDB lookup, the route, the iptables chain and rule, NAT before and after). The
// "This hop" panel shows them by layer, as Packet Tracer's "OSI model" view does.
#pragma once

#include <QCoreApplication>
#include <QString>
#include <QStringList>
#include <string>
#include <vector>

#include "engine.h"
#include "hop_decision.h"

namespace vethlab::gui {

class HopWords {
    Q_DECLARE_TR_FUNCTIONS(vethlab::gui::HopWords)
public:
    /// Which part of the panel a decision goes in, from the wire up.
    enum class Layer { Arp, Bridge, Route, Filter, Nat };
    static Layer layerOf(const sim::HopDecision& d);
    static QString heading(Layer layer);
    /// One decision: "bridge docker0 looked up 02:42:ac:11:00:03: it is behind port vethb1a2c3d, so the
    /// frame goes out there only".
    static QString decision(const sim::HopDecision& d);
    /// ARP in a frame's summary, explained ("" when the frame is not ARP).
    static QString arp(const std::string& summary);
    /// The whole hop as the panel's HTML: where the micro-step is, the frame's events (`said`: each in
    /// words), ARP, then the decisions by layer; a drop in red with its reason and rule.
    static QString html(const QString& where, const std::vector<sim::TraceEvent>& events,
                        const QStringList& said, const std::vector<sim::HopDecision>& decisions);
};

} // namespace vethlab::gui
