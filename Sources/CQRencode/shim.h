// libqrencode: QR codes for the visitor's phone.
#ifndef BORNE_CQRENCODE_SHIM_H
#define BORNE_CQRENCODE_SHIM_H
#include <qrencode.h>
#endif
