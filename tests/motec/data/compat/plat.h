#define PLAT_X (3 + 4)
