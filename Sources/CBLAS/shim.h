#ifndef HEDGEBOOK_CBLAS_SHIM_H
#define HEDGEBOOK_CBLAS_SHIM_H
// Debian libopenblas-dev: /usr/include/x86_64-linux-gnu/cblas.h (alternatives → openblas-pthread/cblas.h).
// Also declares openblas_set_num_threads / openblas_get_num_threads / openblas_get_corename.
#include <cblas.h>
#endif
