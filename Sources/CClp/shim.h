#ifndef HEDGEBOOK_CCLP_SHIM_H
#define HEDGEBOOK_CCLP_SHIM_H
// Debian coinor-libclp-dev: COIN-OR CLP's C interface, /usr/include/coin/Clp_C_Interface.h (pkg-config clp adds
// -I/usr/include/coin). Imported by the LinearProgramming module only.
#include <Clp_C_Interface.h>
#endif
