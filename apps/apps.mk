# SPDX-License-Identifier: BSD-2-Clause
# The applications: one line each (lib/sdk/sdk.mk; docs/APPS.md).
# quota: bytes of objects and frames the application may use, checked by
# mkbundle against what it needs to start (mkbundle --check --plan shows
# it: 17,024 bytes for a one-page program); what is left is for its shared
# page (key-value transfers) and heap.
$(eval $(call sdk_app,hello,version=1.0.0 quota=24K priority=50 stack=2K))
$(eval $(call sdk_app,fibonacci,version=1.0.0 quota=24K priority=40 stack=2K))
$(eval $(call sdk_app,keyval,version=1.0.0 quota=40K priority=50 stack=2K))
$(eval $(call sdk_app,timer,version=1.0.0 quota=24K priority=50 stack=2K))
$(eval $(call sdk_app,logtest,version=1.0.0 quota=24K priority=50 stack=2K))
$(eval $(call sdk_app,panic,version=1.0.0 quota=24K priority=50 stack=2K))
$(eval $(call sdk_app,hog,version=1.0.0 quota=64K priority=30 stack=2K))
$(eval $(call sdk_app,bench,version=1.0.0 quota=24K priority=60 stack=2K))
