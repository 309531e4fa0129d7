#include "pcapng.h"

#include <map>

namespace vethlab::sim {
namespace {

void put16(std::string& b, std::uint16_t v) {
    b.append(reinterpret_cast<const char*>(&v), 2);
}
void put32(std::string& b, std::uint32_t v) {
    b.append(reinterpret_cast<const char*>(&v), 4);
}
void pad4(std::string& b) {
    while (b.size() % 4)
        b.push_back('\0');
}

// A block: type, total length, body, total length again (host byte order, as the magic declares).
void block(std::string& out, std::uint32_t type, const std::string& body) {
    const auto length = static_cast<std::uint32_t>(12 + body.size());
    put32(out, type);
    put32(out, length);
    out += body;
    put32(out, length);
}

void option(std::string& b, std::uint16_t code, const std::string& value) {
    put16(b, code);
    put16(b, static_cast<std::uint16_t>(value.size()));
    b += value;
    pad4(b);
}

} // namespace

std::string toPcapng(const Engine& engine,
                     const std::function<std::string(int, const std::string&)>& interfaceName) {
    std::string out;
    std::string shb;
    put32(shb, 0x1A2B3C4D);
    put16(shb, 1);
    put16(shb, 0);
    put32(shb, 0xffffffff); // section length unknown (-1)
    put32(shb, 0xffffffff);
    option(shb, 4, "vethlab"); // shb_userappl
    put32(shb, 0);             // opt_endofopt
    block(out, 0x0A0D0D0A, shb);

    std::map<std::pair<int, std::string>, std::uint32_t> interfaces;
    std::string packets;
    for (const auto& f : engine.captured()) {
        auto key = std::make_pair(f.namespaceId, f.device);
        auto it = interfaces.find(key);
        if (it == interfaces.end()) {
            std::string idb;
            put16(idb, 1); // LINKTYPE_ETHERNET
            put16(idb, 0);
            put32(idb, 0);                                          // no snap length
            option(idb, 2, interfaceName(f.namespaceId, f.device)); // if_name
            option(idb, 9, std::string(1, '\x09'));                 // if_tsresol: nanoseconds
            put32(idb, 0);
            block(out, 1, idb);
            it = interfaces.emplace(key, static_cast<std::uint32_t>(interfaces.size())).first;
        }
        std::string epb;
        put32(epb, it->second);
        const auto ts = static_cast<std::uint64_t>(f.time);
        put32(epb, static_cast<std::uint32_t>(ts >> 32));
        put32(epb, static_cast<std::uint32_t>(ts));
        put32(epb, static_cast<std::uint32_t>(f.bytes.size()));
        put32(epb, static_cast<std::uint32_t>(f.bytes.size()));
        epb.append(reinterpret_cast<const char*>(f.bytes.data()), f.bytes.size());
        pad4(epb);
        option(epb, 1, f.transmitted ? "sent" : "received"); // opt_comment
        put32(epb, 0);
        block(out, 6, epb);
    }
    return out;
}

} // namespace vethlab::sim
