// How the shell and `docker exec` name a program: by the last part of its path, and whether it is a
// shell. Defined once in model/docker (the daemon needs it too, to know how long a main process lives).
#pragma once

#include "docker/program_name.h"

namespace vethlab::shell {

using docker::baseName;
using docker::isShellProgram;

} // namespace vethlab::shell
