#define _GNU_SOURCE
#include <fcntl.h>
#include <spawn.h>
#include <unistd.h>

#include "cspawn.h"

int tako_pipe_cloexec(int fds[2]) {
    return pipe2(fds, O_CLOEXEC);
}

int tako_spawn_file_actions_addchdir(void *actions, const char *path) {
    return posix_spawn_file_actions_addchdir_np((posix_spawn_file_actions_t *)actions, path);
}

int tako_spawn_file_actions_addclosefrom(void *actions, int low) {
    return posix_spawn_file_actions_addclosefrom_np((posix_spawn_file_actions_t *)actions, low);
}
