#ifndef TAKO_CSPAWN_H
#define TAKO_CSPAWN_H

/// glibc functions that Swift's Glibc module does not show (they need _GNU_SOURCE).
/// The header includes no system header, so it cannot clash with the Glibc module;
/// `actions` is a posix_spawn_file_actions_t *.

/// pipe2(fds, O_CLOEXEC): both ends closed in every child started afterwards, so a helper
/// started at the same moment by another thread cannot hold this pipe open.
int tako_pipe_cloexec(int fds[2]);

/// posix_spawn_file_actions_addchdir_np: the child starts in `path`.
int tako_spawn_file_actions_addchdir(void *actions, const char *path);

/// posix_spawn_file_actions_addclosefrom_np: the child closes every descriptor from `low`
/// on (glibc 2.34 or later), so nothing a library opened without O_CLOEXEC reaches it.
int tako_spawn_file_actions_addclosefrom(void *actions, int low);

#endif
