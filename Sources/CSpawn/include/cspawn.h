#ifndef TAKO_CSPAWN_H
#define TAKO_CSPAWN_H

/// Two glibc functions that Swift's Glibc module does not show (they need _GNU_SOURCE).
/// The header includes no system header, so it cannot clash with the Glibc module;
/// `actions` is a posix_spawn_file_actions_t *.

/// pipe2(fds, O_CLOEXEC): both ends closed in every child started afterwards, so a helper
/// started at the same moment by another thread cannot hold this pipe open.
int tako_pipe_cloexec(int fds[2]);

/// posix_spawn_file_actions_addchdir_np: the child starts in `path`.
int tako_spawn_file_actions_addchdir(void *actions, const char *path);

#endif
