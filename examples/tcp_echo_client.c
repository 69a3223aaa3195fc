/* A TCP echo client in plain POSIX C: it connects to host:port, sends
 * numbered lines and reads each echo back, then closes its sending side
 * and waits for the server's end.
 *
 *   tcp_echo_client host port [count] */
#include <errno.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

int main(int argc, char **argv) {
  if (argc < 3) {
    fprintf(stderr, "usage: tcp_echo_client host port [count]\n");
    return 2;
  }
  int count = argc > 3 ? atoi(argv[3]) : 10;
  struct addrinfo hints = {.ai_family = AF_INET, .ai_socktype = SOCK_STREAM}, *res;
  int e = getaddrinfo(argv[1], argv[2], &hints, &res);
  if (e) {
    fprintf(stderr, "client: %s: %s\n", argv[1], gai_strerror(e));
    return 1;
  }
  int fd = socket(res->ai_family, res->ai_socktype, res->ai_protocol);
  if (fd < 0 || connect(fd, res->ai_addr, res->ai_addrlen) < 0) {
    perror("client: connect");
    return 1;
  }
  freeaddrinfo(res);
  struct timeval tv = {5, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  int ok = 0;
  for (int i = 0; i < count; i++) {
    char line[64], back[64];
    int n = snprintf(line, sizeof line, "line %d of %d\n", i + 1, count);
    if (send(fd, line, (size_t) n, 0) != n) {
      perror("client: send");
      break;
    }
    if (recv(fd, back, (size_t) n, MSG_WAITALL) != n || memcmp(back, line, (size_t) n)) {
      fprintf(stderr, "client: echo %d wrong or missing\n", i + 1);
      break;
    }
    ok++;
  }
  shutdown(fd, SHUT_WR);
  char tail;
  ssize_t end = recv(fd, &tail, 1, 0);
  close(fd);
  printf("client: %d of %d lines echoed, server closed: %s\n", ok, count, end == 0 ? "yes" : "no");
  return ok == count && end == 0 ? 0 : 1;
}
