// vethlab-bench-kernel: creating N containers on the real-kernel backend (root only), against the floor
// of doing the same kernel work with batched iproute2 (`ip -batch` per namespace, one iptables-restore),
// in one run so the ratio can be read directly. Prints one JSON line.
//   vethlab-bench-kernel --containers N
#include <chrono>
#include <cstdio>
#include <cstdlib>
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

double seconds(Clock::time_point t0) {
    return std::chrono::duration<double>(Clock::now() - t0).count();
}

// The backend: docker run on a lab whose mirror is the real kernel, every op applied and synced.
double backend(int n, int& created) {
    vethlab::Lab lab(*vethlab::LabSettings::preset("default"));
    vethlab::shell::Terminal term(lab);
    auto quiet = [](const std::string&) {};
    auto real = std::make_shared<vethlab::kernel::RealKernel>(
        vethlab::kernel::SandboxNames{"b" + std::to_string(getpid())},
        vethlab::kernel::WorldPlan{{lab.settings().gateway, 24}, {}, {}});
    lab.attachMirror(real);
    (void)lab.syncMirror();
    term.execute("docker network create --subnet 10.0.0.0/16 big", quiet, quiet);
    (void)lab.syncMirror();
    const auto t0 = Clock::now();
    created = 0;
    for (int i = 0; i < n; ++i) {
        created += term.execute("docker run -d --network big --name c" + std::to_string(i) +
                                    " alpine sleep infinity",
                                quiet, quiet) == 0;
        created -= lab.syncMirror().empty() ? 0 : 1;
    }
    const double wall = seconds(t0);
    real->teardown();
    return wall;
}

// The floor: the same namespaces, veth pairs, addresses, routes and nat rules, with iproute2's batch
// mode and one iptables-restore per container (three processes), and no model at all.
double floor(int n) {
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
        std::string batch = "link add " + v + " type veth peer name " + p + "\nlink set " + v +
                            " master br0\nlink set " + v + " up\nlink set " + p + " netns " + ns + "\n";
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
    for (int i = 1; i + 1 < argc; ++i)
        if (std::string(argv[i]) == "--containers") n = std::atoi(argv[i + 1]);
    if (geteuid() != 0) {
        std::fprintf(stderr, "vethlab-bench-kernel: needs root (it makes network namespaces)\n");
        return 77;
    }
    int created = 0;
    const double ours = backend(n, created);
    const double base = floor(n);
    std::printf("{\"bench\":\"kernel-create\",\"containers\":%d,\"created\":%d,\"backend_s\":%.3f,"
                "\"backend_ms_per_container\":%.2f,\"ip_batch_floor_s\":%.3f,\"floor_ms_per_container\":%.2f,"
                "\"ratio\":%.2f}\n",
                n, created, ours, 1000 * ours / n, base, 1000 * base / n, ours / base);
    return created == n ? 0 : 1;
}
