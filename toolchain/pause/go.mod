module gameops.local/toolchain/pause

go 1.24.0
