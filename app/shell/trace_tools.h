// The probing tools of the images that ship them: busybox traceroute, nc (busybox's and OpenBSD's in
// nicolaka/netshoot) and bind9's dig (netshoot), all over the packet engine.
#pragma once

#include <string>
#include <vector>

#include "exec_context.h"

namespace vethlab::shell {

int runNc(ExecContext& ctx, const std::vector<std::string>& argv, const std::string& in,
          Streams& io); // nc_tool.cpp
int runDig(ExecContext& ctx, const std::vector<std::string>& argv, const std::string& in,
           Streams& io); // dig_tool.cpp

} // namespace vethlab::shell
