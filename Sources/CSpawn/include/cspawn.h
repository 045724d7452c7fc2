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

/// syncfs(fd): every dirty page of the file system that holds `fd` written to disk.
int tako_syncfs(int fd);

/// pidfd_open(pid, 0): a descriptor that becomes readable when `pid` ends (Linux 5.3 and
/// later); -1 with errno ENOSYS where the system has none.
int tako_pidfd_open(int pid);

/// epoll_create1(EPOLL_CLOEXEC).
int tako_epoll_create(void);

/// Adds `fd` to the epoll set `epfd`, watched for input.
int tako_epoll_add(int epfd, int fd);

/// Removes `fd` from the epoll set `epfd`. Closing `fd` is not enough: a child being
/// started at that moment holds a copy of every descriptor until it execs, which keeps the
/// registration (and its events, under the number `fd`) alive.
int tako_epoll_remove(int epfd, int fd);

/// Waits (without a deadline) until descriptors of `epfd` are ready; writes up to `max`
/// (at most 64) of them to `fds` and returns how many, or -1 with errno.
int tako_epoll_wait_fds(int epfd, int *fds, int max);

#endif
