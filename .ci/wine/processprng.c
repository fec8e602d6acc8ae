/* bcryptprimitives.dll shim for Wine < 9: Wine 8 lacks ProcessPrng, which the
 * Go >= 1.22 runtime loads at start-up. It forwards to RtlGenRandom
 * (SystemFunction036 in advapi32), which Wine has. Only CI uses it. */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len)
{
    while (len > 0) {
        ULONG n = len > 0x40000000 ? 0x40000000 : (ULONG)len;
        if (!SystemFunction036(data, n))
            return FALSE;
        data += n;
        len -= n;
    }
    return TRUE;
}
