#ifndef HEDGEBOOK_CLAPACKE_SHIM_H
#define HEDGEBOOK_CLAPACKE_SHIM_H
// Debian liblapacke-dev (netlib LAPACKE 3.11); the Fortran LAPACK symbols resolve to OpenBLAS.
#include <lapacke.h>
#endif
