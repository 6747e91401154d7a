/* SPDX-License-Identifier: BSD-2-Clause */
/* lib/bundle (the validator), compiled into the console: `install` of an
 * uploaded file checks it completely before anything reaches the disk
 * (cmd_install.c); a system build compiles a component's own directory
 * only. */
#include "../../lib/bundle/bundle.c"
#include "../../lib/bundle/plan.c"
#include "../../lib/bundle/strerror.c"
