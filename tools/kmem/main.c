#include "kmem.h"

int main(int argc, char **argv)
{
    return kmem_main(argc, argv, stdout, stderr);
}
