// docker 20.10 help screens, as the client prints them (observed: reference transcript t1).
#include "docker_help.h"

#include <map>

namespace vethlab::shell {

const std::string* dockerHelp(const std::string& command) {
    static const std::map<std::string, std::string> texts = {
        // The container commands' usage line and summary (docker/cli 20.10's cobra Use and Short).
        {"rm", "\nUsage:  docker rm [OPTIONS] CONTAINER [CONTAINER...]\n\nRemove one or more containers\n"},
        {"inspect", "\nUsage:  docker inspect [OPTIONS] NAME|ID [NAME|ID...]\n\nReturn low-level information "
                    "on Docker objects\n"},
        {"start", "\nUsage:  docker start [OPTIONS] CONTAINER [CONTAINER...]\n\nStart one or more stopped "
                  "containers\n"},
        {"stop",
         "\nUsage:  docker stop [OPTIONS] CONTAINER [CONTAINER...]\n\nStop one or more running containers\n"},
        {"restart",
         "\nUsage:  docker restart [OPTIONS] CONTAINER [CONTAINER...]\n\nRestart one or more containers\n"},
        {"exec", "\nUsage:  docker exec [OPTIONS] CONTAINER COMMAND [ARG...]\n\nRun a command in a running "
                 "container\n"},
        {"attach", "\nUsage:  docker attach [OPTIONS] CONTAINER\n\nAttach local standard input, output, and "
                   "error streams to a running container\n"},
        {"ps", "\nUsage:  docker ps [OPTIONS]\n\nList containers\n"},
        {"run",
         "\nUsage:  docker run [OPTIONS] IMAGE [COMMAND] [ARG...]\n\nRun a command in a new container\n"},
        {"create", "\nUsage:  docker create [OPTIONS] IMAGE [COMMAND] [ARG...]\n\nCreate a new container\n"},
        {"port", "\n"
                 "Usage:  docker port CONTAINER [PRIVATE_PORT[/PROTO]]\n"
                 "\n"
                 "List port mappings or a specific mapping for the container\n"},
        {"rename", "\n"
                   "Usage:  docker rename CONTAINER NEW_NAME\n"
                   "\n"
                   "Rename a container\n"},
        {"network", "\n"
                    "Usage:  docker network COMMAND\n"
                    "\n"
                    "Manage networks\n"
                    "\n"
                    "Commands:\n"
                    "  connect     Connect a container to a network\n"
                    "  create      Create a network\n"
                    "  disconnect  Disconnect a container from a network\n"
                    "  inspect     Display detailed information on one or more networks\n"
                    "  ls          List networks\n"
                    "  prune       Remove all unused networks\n"
                    "  rm          Remove one or more networks\n"
                    "\n"
                    "Run 'docker network COMMAND --help' for more information on a command.\n"
                    ""},
        {"network ls", "\n"
                       "Usage:  docker network ls [OPTIONS]\n"
                       "\n"
                       "List networks\n"
                       "\n"
                       "Aliases:\n"
                       "  ls, list\n"
                       "\n"
                       "Options:\n"
                       "  -f, --filter filter   Provide filter values (e.g. 'driver=bridge')\n"
                       "      --format string   Pretty-print networks using a Go template\n"
                       "      --no-trunc        Do not truncate the output\n"
                       "  -q, --quiet           Only display network IDs\n"
                       ""},
        {"network connect", "\n"
                            "Usage:  docker network connect [OPTIONS] NETWORK CONTAINER\n"
                            "\n"
                            "Connect a container to a network\n"
                            "\n"
                            "Options:\n"
                            "      --alias strings           Add network-scoped alias for the container\n"
                            "      --driver-opt strings      driver options for the network\n"
                            "      --ip string               IPv4 address (e.g., 172.30.100.104)\n"
                            "      --ip6 string              IPv6 address (e.g., 2001:db8::33)\n"
                            "      --link list               Add link to another container\n"
                            "      --link-local-ip strings   Add a link-local address for the container\n"
                            ""},
        {"network disconnect", "\n"
                               "Usage:  docker network disconnect [OPTIONS] NETWORK CONTAINER\n"
                               "\n"
                               "Disconnect a container from a network\n"
                               "\n"
                               "Options:\n"
                               "  -f, --force   Force the container to disconnect from a network\n"
                               ""},
        {"network create", "\n"
                           "Usage:  docker network create [OPTIONS] NETWORK\n"
                           "\n"
                           "Create a network\n"
                           "\n"
                           "Options:\n"
                           "      --attachable           Enable manual container attachment\n"
                           "      --aux-address map      Auxiliary IPv4 or IPv6 addresses used by\n"
                           "                             Network driver (default map[])\n"
                           "      --config-from string   The network from which to copy the configuration\n"
                           "      --config-only          Create a configuration only network\n"
                           "  -d, --driver string        Driver to manage the Network (default \"bridge\")\n"
                           "      --gateway strings      IPv4 or IPv6 Gateway for the master subnet\n"
                           "      --ingress              Create swarm routing-mesh network\n"
                           "      --internal             Restrict external access to the network\n"
                           "      --ip-range strings     Allocate container ip from a sub-range\n"
                           "      --ipam-driver string   IP Address Management Driver (default \"default\")\n"
                           "      --ipam-opt map         Set IPAM driver specific options (default map[])\n"
                           "      --ipv6                 Enable IPv6 networking\n"
                           "      --label list           Set metadata on a network\n"
                           "  -o, --opt map              Set driver specific options (default map[])\n"
                           "      --scope string         Control the network's scope\n"
                           "      --subnet strings       Subnet in CIDR format that represents a\n"
                           "                             network segment\n"
                           ""},
        {"network rm", "\n"
                       "Usage:  docker network rm NETWORK [NETWORK...]\n"
                       "\n"
                       "Remove one or more networks\n"
                       "\n"
                       "Aliases:\n"
                       "  rm, remove\n"
                       ""},
        {"network prune", "\n"
                          "Usage:  docker network prune [OPTIONS]\n"
                          "\n"
                          "Remove all unused networks\n"
                          "\n"
                          "Options:\n"
                          "      --filter filter   Provide filter values (e.g. 'until=<timestamp>')\n"
                          "  -f, --force           Do not prompt for confirmation\n"
                          ""},
        {"network inspect", "\n"
                            "Usage:  docker network inspect [OPTIONS] NETWORK [NETWORK...]\n"
                            "\n"
                            "Display detailed information on one or more networks\n"
                            "\n"
                            "Options:\n"
                            "  -f, --format string   Format the output using the given Go template\n"
                            "  -v, --verbose         Verbose output for diagnostics\n"
                            ""},
    };
    auto it = texts.find(command);
    return it == texts.end() ? nullptr : &it->second;
}

} // namespace vethlab::shell
