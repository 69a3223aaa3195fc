/* Host <-> network byte order. wasm32 is little-endian, so each is a byte
 * swap; the test keeps the code honest should that ever change. */
#include <arpa/inet.h>

#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define SWAP16(x) __builtin_bswap16(x)
#define SWAP32(x) __builtin_bswap32(x)
#else
#define SWAP16(x) (x)
#define SWAP32(x) (x)
#endif

uint16_t htons(uint16_t v) {
  return SWAP16(v);
}

uint16_t ntohs(uint16_t v) {
  return SWAP16(v);
}

uint32_t htonl(uint32_t v) {
  return SWAP32(v);
}

uint32_t ntohl(uint32_t v) {
  return SWAP32(v);
}
