// vethlab-bench-kernel: creating N containers on the real-kernel backend (root only), against the floor
// of doing the same kernel work with batched iproute2 (`ip -batch` per namespace, one iptables-restore),
// in one run so the ratio can be read directly. Prints one JSON line.
//   vethlab-bench-kernel --containers N [--docker-order] [--floor-first]
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <iterator>
#include <map>
#include <memory>
#include <string>
#include <unistd.h>

#include "lab.h"
#include "netns.h"
#include "program.h"
#include "real_kernel.h"
#include "sandbox_clean.h"
#include "terminal.h"

namespace {

using Clock = std::chrono::steady_clock;

// Where the backend's time goes: the real kernel behind a wrapper that times each op kind and sync.
class TimedBackend final : public vethlab::kernel::KernelBackend {
public:
    explicit TimedBackend(std::shared_ptr<vethlab::kernel::RealKernel> real) : real_(std::move(real)) {}
    std::string name() const override { return real_->name(); }
    std::optional<vethlab::kernel::KernelError> apply(const vethlab::kernel::KernelOp& op) override {
        const auto t0 = Clock::now();
        auto err = real_->apply(op);
        spent_[kindName(op)] += std::chrono::duration<double>(Clock::now() - t0).count();
        return err;
    }
    std::vector<vethlab::kernel::KernelError> sync() override {
        const auto t0 = Clock::now();
        auto errs = real_->sync();
        spent_["sync"] += std::chrono::duration<double>(Clock::now() - t0).count();
        return errs;
    }
    vethlab::kernel::KernelState snapshot() override { return real_->snapshot(); }
    void reset() { spent_.clear(); }
    std::string json(int n) const {
        std::string out;
        for (const auto& [kind, s] : spent_) {
            char buf[96];
            std::snprintf(buf, sizeof buf, "%s\"%s\":%.2f", out.empty() ? "" : ",", kind.c_str(),
                          1000 * s / n);
            out += buf;
        }
        return "{" + out + "}";
    }

private:
    static std::string kindName(const vethlab::kernel::KernelOp& op) {
        static const char* names[] = {"NetnsAdd",      "NetnsDel",     "LinkAdd",    "VethAdd",
                                      "LinkSetMaster", "LinkSetNetns", "LinkRename", "LinkSetMac",
                                      "LinkSetUp",     "LinkDel",      "AddrAdd",    "Ipv6AddrAdd",
                                      "RouteAdd",      "FileWrite",    "Sysctl",     "ChainNew",
                                      "ChainPolicy",   "RuleInsert",   "RuleDelete", "RouteDel"};
        return op.index() < std::size(names) ? names[op.index()] : "op" + std::to_string(op.index());
    }
    std::shared_ptr<vethlab::kernel::RealKernel> real_;
    std::map<std::string, double> spent_;
};

double seconds(Clock::time_point t0) {
    return std::chrono::duration<double>(Clock::now() - t0).count();
}

// The backend: docker run on a lab whose mirror is the real kernel, every op applied and synced.
double backend(int n, bool dockerOrder, int& created, std::string& breakdown) {
    vethlab::Lab lab(*vethlab::LabSettings::preset("default"));
    vethlab::shell::Terminal term(lab);
    auto quiet = [](const std::string&) {};
    auto real = std::make_shared<vethlab::kernel::RealKernel>(
        vethlab::kernel::SandboxNames{"b" + std::to_string(getpid())},
        vethlab::kernel::WorldPlan{{lab.settings().gateway, 24}, {}, {}});
    real->setFuseVethMoves(!dockerOrder);
    auto timed = std::make_shared<TimedBackend>(real);
    lab.attachMirror(timed);
    (void)lab.syncMirror();
    term.execute("docker network create --subnet 10.0.0.0/16 big", quiet, quiet);
    (void)lab.syncMirror();
    timed->reset();
    const auto t0 = Clock::now();
    created = 0;
    for (int i = 0; i < n; ++i) {
        created += term.execute("docker run -d --network big --name c" + std::to_string(i) +
                                    " alpine sleep infinity",
                                quiet, quiet) == 0;
        created -= lab.syncMirror().empty() ? 0 : 1;
    }
    const double wall = seconds(t0);
    breakdown = timed->json(n);
    real->teardown();
    return wall;
}

// The floor: the same namespaces, veth pairs, addresses, routes and nat rules, with iproute2's batch
// mode and one iptables-restore per container (three processes), and no model at all. `direct`: the
// container's end is made in its namespace (`peer name vpN netns NS`) instead of moved there.
double floor(int n, bool direct) {
    const std::string host = "vethlab-f" + std::to_string(getpid()) + "-host";
    vethlab::kernel::createNetns(host);
    vethlab::kernel::runProgram(
        {host, {"/usr/sbin/ip", "link", "add", "br0", "type", "bridge"}, "", "", 10000, 0});
    vethlab::kernel::runProgram({host, {"/usr/sbin/ip", "link", "set", "br0", "up"}, "", "", 10000, 0});
    const auto t0 = Clock::now();
    for (int i = 0; i < n; ++i) {
        const std::string ns = "vethlab-f" + std::to_string(getpid()) + "-c" + std::to_string(i);
        vethlab::kernel::createNetns(ns);
        const std::string v = "veth" + std::to_string(i), p = "vp" + std::to_string(i);
        const std::string ip = "10.0." + std::to_string(i / 250) + "." + std::to_string(i % 250 + 2);
        std::string batch = "link add " + v + " type veth peer name " + p + (direct ? " netns " + ns : "") +
                            "\nlink set " + v + " master br0\nlink set " + v + " up\n" +
                            (direct ? "" : "link set " + p + " netns " + ns + "\n");
        vethlab::kernel::runProgram({host, {"/usr/sbin/ip", "-batch", "-"}, batch, "", 10000, 0});
        std::string inner = "link set lo up\nlink set " + p + " name eth0\naddr add " + ip +
                            "/16 dev eth0\nlink set eth0 up\nroute add default via 10.0.0.1 dev eth0\n";
        vethlab::kernel::runProgram({ns, {"/usr/sbin/ip", "-batch", "-"}, inner, "", 10000, 0});
        // The embedded DNS's nat rules Docker puts in every sandbox on a user-defined network.
        const std::string rules =
            "*nat\n-N DOCKER_OUTPUT\n-N DOCKER_POSTROUTING\n"
            "-A OUTPUT -d 127.0.0.11/32 -j DOCKER_OUTPUT\n"
            "-A POSTROUTING -d 127.0.0.11/32 -j DOCKER_POSTROUTING\n"
            "-A DOCKER_OUTPUT -d 127.0.0.11/32 -p udp -m udp --dport 53 -j DNAT "
            "--to-destination 127.0.0.11:40000\n"
            "-A DOCKER_POSTROUTING -s 127.0.0.11/32 -p udp -m udp --sport 40000 -j SNAT "
            "--to-source :53\nCOMMIT\n";
        vethlab::kernel::runProgram({ns, {"/usr/sbin/iptables-restore", "--noflush"}, rules, "", 10000, 0});
    }
    const double wall = seconds(t0);
    for (const auto& name : vethlab::kernel::listNetns())
        if (name.rfind("vethlab-f" + std::to_string(getpid()) + "-", 0) == 0)
            vethlab::kernel::deleteNetns(name);
    return wall;
}

} // namespace

int main(int argc, char** argv) {
    int n = 100;
    bool floorFirst = false; // the order can matter: a namespace's cleanup runs on after it is deleted
    bool dockerOrder = false;
    for (int i = 1; i < argc; ++i) {
        if (std::string(argv[i]) == "--containers" && i + 1 < argc) n = std::atoi(argv[i + 1]);
        if (std::string(argv[i]) == "--floor-first") floorFirst = true;
        if (std::string(argv[i]) == "--docker-order") dockerOrder = true;
    }
    if (geteuid() != 0) {
        std::fprintf(stderr, "vethlab-bench-kernel: needs root (it makes network namespaces)\n");
        return 77;
    }
    int created = 0;
    std::string breakdown;
    double moved = 0, direct = 0;
    if (floorFirst) moved = floor(n, false), direct = floor(n, true);
    const double ours = backend(n, dockerOrder, created, breakdown);
    if (!floorFirst) moved = floor(n, false), direct = floor(n, true);
    // The like-for-like floor: the one whose veth is made the way the backend made it.
    const double base = dockerOrder ? moved : direct;
    std::printf("{\"bench\":\"kernel-create\",\"containers\":%d,\"created\":%d,\"docker_order\":%s,"
                "\"backend_s\":%.3f,\"backend_ms_per_container\":%.2f,\"floor_moved_ms_per_container\":%.2f,"
                "\"floor_direct_ms_per_container\":%.2f,\"ratio\":%.2f,\"ratio_to_moved_floor\":%.2f,"
                "\"backend_ms_per_container_by_op\":%s}\n",
                n, created, dockerOrder ? "true" : "false", ours, 1000 * ours / n, 1000 * moved / n,
                1000 * direct / n, ours / base, ours / moved, breakdown.c_str());
    return created == n ? 0 : 1;
}
