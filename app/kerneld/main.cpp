// vethlab-kerneld: the only privileged part of vethlab. It runs as root (through sudo or pkexec, or
// directly), builds one lab in network namespaces of its own and answers one client over a local
// socket (protocol.h). It removes its lab on exit, on SIGTERM/SIGINT, when the client goes away, and
// removes the leftovers of a crashed helper when it starts.
#include <QCoreApplication>
#include <QSocketNotifier>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <sys/socket.h>
#include <unistd.h>

#include "sandbox_clean.h"
#include "server.h"

namespace {

int signalPipe[2] = {-1, -1};

void onSignal(int) {
    char c = 1;
    (void)!write(signalPipe[1], &c, 1);
}

int usage() {
    std::fprintf(stderr, "Usage: vethlab-kerneld --socket PATH [--owner UID] [--docker-order]\n"
                         "       vethlab-kerneld --clean\n"
                         "       vethlab-kerneld --version\n");
    return 2;
}

} // namespace

int main(int argc, char** argv) {
    QCoreApplication app(argc, argv);
    QString socketPath;
    uint owner = static_cast<uint>(getuid());
    bool dockerOrder = false;
    if (const char* sudoUid = std::getenv("SUDO_UID"))
        owner = static_cast<uint>(std::strtoul(sudoUid, nullptr, 10));
    const QStringList args = app.arguments();
    for (qsizetype i = 1; i < args.size(); ++i) {
        if (args[i] == "--version") {
            std::printf("vethlab-kerneld %s\n", VETHLAB_VERSION);
            return 0;
        }
        if (args[i] == "--clean") {
            const auto removed = vethlab::kernel::cleanSandboxes(vethlab::kernel::CleanScope::All);
            for (const auto& r : removed)
                std::printf("removed %s\n", r.c_str());
            if (removed.empty()) std::printf("nothing to remove\n");
            return 0;
        }
        if (args[i] == "--socket" && i + 1 < args.size())
            socketPath = args[++i];
        else if (args[i] == "--owner" && i + 1 < args.size())
            owner = args[++i].toUInt();
        else if (args[i] == "--docker-order")
            dockerOrder = true;
        else
            return usage();
    }
    if (socketPath.isEmpty()) return usage();
    if (geteuid() != 0) {
        std::fprintf(stderr, "vethlab-kerneld: must run as root (it makes network namespaces)\n");
        return 1;
    }
    for (const auto& r : vethlab::kernel::cleanSandboxes(vethlab::kernel::CleanScope::Stale))
        std::fprintf(stderr, "vethlab-kerneld: removed a crashed lab's %s\n", r.c_str());

    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, signalPipe) != 0) return 1;
    QSocketNotifier notifier(signalPipe[0], QSocketNotifier::Read);
    QObject::connect(&notifier, &QSocketNotifier::activated, &app, [] { QCoreApplication::quit(); });
    std::signal(SIGTERM, onSignal);
    std::signal(SIGINT, onSignal);
    std::signal(SIGHUP, onSignal);
    std::signal(SIGPIPE, SIG_IGN);

    vethlab::kerneld::Server server(std::to_string(getpid()));
    server.setDockerOrder(dockerOrder);
    if (QString err = server.listen(socketPath, owner); !err.isEmpty()) {
        std::fprintf(stderr, "vethlab-kerneld: %s: %s\n", qPrintable(socketPath), qPrintable(err));
        return 1;
    }
    std::printf("ready %d\n", static_cast<int>(getpid()));
    std::fflush(stdout);
    const int status = QCoreApplication::exec();
    server.shutdown();
    return status;
}
