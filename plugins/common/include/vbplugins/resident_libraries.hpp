// Keeps the engine libraries a plugin links (Flite, espeak-ng, PocketSphinx,
// libgomp under libsoxr) loaded for the rest of the process, while the
// plugin's own .so stays unloadable.
//
// Why: those libraries hold process-wide state that outlives any plugin
// instance — Flite's registered voices, espeak-ng's data, OpenMP's runtime.
// If they were unloaded with the plugin, that state would be dropped as
// unreachable memory (LeakSanitizer reports it, from "<unknown module>",
// where no suppression can name it) and rebuilt from scratch by the next
// copy of the plugin (hot swap). Resident, their state is genuinely
// process-wide, which is what each plugin's locking assumes.
#pragma once

#include <dlfcn.h>

#include <initializer_list>

namespace vbp {

// Marks each already-loaded library (by soname) RTLD_NODELETE. A name that
// is not loaded is skipped. Call from create(); thread-safe (the dynamic
// loader serialises).
inline void keepResident(std::initializer_list<const char*> sonames) {
  for (const char* soname : sonames) {
    // The handle is deliberately never closed: NODELETE pins the library anyway.
    static_cast<void>(dlopen(soname, RTLD_NOW | RTLD_NOLOAD | RTLD_NODELETE));
  }
}

// libsoxr (vbplugins/resample.hpp) is built with OpenMP; libgomp leaks its
// runtime when unloaded.
inline void keepAudioLibrariesResident() { keepResident({"libgomp.so.1", "libsoxr.so.0", "libsndfile.so.1"}); }

}  // namespace vbp
