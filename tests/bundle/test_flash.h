/* SPDX-License-Identifier: BSD-2-Clause */
/* test_flash.c's tests, run by test_bundle.c's main. */
#ifndef TEST_FLASH_H
#define TEST_FLASH_H
void test_flash_synthetic(void **state);
void test_flash_refusals(void **state);
void test_flash_mkflash(void **state);
#endif
