#include "kernel_rollback.h"

#include <algorithm>
#include <cstring>
#include <utility>

#include "docker_cli.h"
#include "terminal.h"

namespace vethlab::shell {
namespace {

// Go's syscall.Errno text, as Docker prints it: glibc's message with a lower-case first letter.
std::string goErrno(const kernel::KernelError& e) {
    std::string text = e.errnum > 0 ? std::strerror(e.errnum) : e.message;
    if (!text.empty()) text[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(text[0])));
    return text;
}

// Docker's message for the refused op, when it is one of the endpoint's steps the bridge driver
// reports (libnetwork drivers/bridge, wrapped by network.addEndpoint); "" when Docker has none here.
std::string endpointError(const Lab& lab, const OpRecord& refused, const kernel::KernelError& e) {
    std::string hostVeth, driverError;
    if (const auto* veth = std::get_if<kernel::VethAdd>(&refused.op)) {
        hostVeth = veth->hostEnd.name;
        driverError = "failed to add the host (" + hostVeth + ") <=> sandbox (" + veth->peerEnd.name +
                      ") pair interfaces: " + goErrno(e);
    } else if (const auto* master = std::get_if<kernel::LinkSetMaster>(&refused.op)) {
        hostVeth = master->dev;
        driverError =
            "adding interface " + hostVeth + " to bridge " + master->masterName + " failed: " + goErrno(e);
    } else {
        return {};
    }
    for (const docker::Container* c : lab.daemon().containers())
        for (const auto& a : c->attachments)
            if (a.hostVeth == hostVeth)
                return "failed to create endpoint " + c->name + " on network " + a.networkName + ": " +
                       driverError;
    return {};
}

// The op the kernel refused: the first of the command's ops whose command line the error names.
const OpRecord* refusedOp(const Lab& lab, std::uint64_t mark, const kernel::KernelError& e) {
    for (const auto& r : lab.opsSince(mark))
        if (kernel::render(r.op) == e.command) return &r;
    return nullptr;
}

// `docker run ...` as `docker create ...`: the run-only flags dropped (-d, --detach, --sig-proxy,
// --detach-keys), so that the container stays as Docker leaves it after a failed start.
std::vector<std::string> asCreate(const std::vector<std::string>& argv) {
    std::vector<std::string> out = {"docker", "create"};
    for (std::size_t i = 2; i < argv.size(); ++i) {
        const std::string& a = argv[i];
        if (a == "-d" || a == "--detach" || a.rfind("--sig-proxy", 0) == 0 ||
            a.rfind("--detach-keys=", 0) == 0)
            continue;
        if (a == "--detach-keys") {
            ++i;
            continue;
        }
        if (a.size() > 2 && a[0] == '-' && a[1] != '-' && a.find('d') != std::string::npos &&
            a.find_first_not_of("-dit") == std::string::npos) {
            std::string rest = a;
            rest.erase(std::remove(rest.begin() + 1, rest.end(), 'd'), rest.end());
            if (rest.size() > 1) out.push_back(rest);
            continue;
        }
        out.push_back(a);
        if (a.empty() || a[0] != '-') { // the image: the rest is the container's command
            out.insert(out.end(), argv.begin() + static_cast<std::ptrdiff_t>(i) + 1, argv.end());
            break;
        }
    }
    return out;
}

} // namespace

int runDockerOnKernel(Terminal& term, const std::vector<std::string>& argv, Streams& io) {
    Lab& lab = term.lab();
    const Lab before = lab;
    const std::uint64_t mark = lab.opsRecorded();
    // Held until the kernel has agreed: a refused start prints Docker's error instead.
    std::vector<std::pair<int, std::string>> held;
    Streams hold;
    hold.sink = [&](const std::string& s) { held.emplace_back(1, s); };
    hold.err = [&](const std::string& s) { held.emplace_back(2, s); };
    hold.errIsTerminal = io.errIsTerminal && static_cast<bool>(io.sink); // both end on the screen, in order
    term.holdMirrorErrors();
    const int status = runDocker(term, argv, hold);
    const auto refused = term.releaseMirrorErrors();
    if (refused.empty()) {
        for (const auto& [stream, text] : held)
            stream == 1 ? io.print(text) : io.error(text);
        return status;
    }
    const OpRecord* op = refusedOp(lab, mark, refused.front());
    const std::string endpoint = op ? endpointError(lab, *op, refused.front()) : std::string();
    const std::string sub = argv.size() > 1 ? argv[1] : "";
    const bool autoRemove = std::find(argv.begin(), argv.end(), "--rm") != argv.end();
    lab = before;
    if (sub == "run" && !autoRemove) {
        Streams quiet;
        quiet.err = [](const std::string&) {};
        (void)runDocker(term, asCreate(argv), quiet);
    }
    const std::string rebuilt = term.mirrorRebuilder()();
    if (endpoint.empty())
        for (const auto& e : refused)
            io.error("vethlab: the real kernel refused: " + e.command + ": " + e.message +
                     (e.message.ends_with("\n") ? "" : "\n"));
    if (!rebuilt.empty()) io.error("vethlab: the sandbox could not be rebuilt: " + rebuilt + "\n");
    if (sub == "run") {
        if (!endpoint.empty()) io.error("docker: Error response from daemon: " + endpoint + ".\n");
        return 125;
    }
    if (!endpoint.empty()) io.error("Error response from daemon: " + endpoint + "\n");
    if (sub == "start" && argv.size() > 2)
        io.error("Error: failed to start containers: " + argv.back() + "\n");
    return 1;
}

} // namespace vethlab::shell
