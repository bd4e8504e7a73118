// Which of the two mock vendors (and so which wire format) a server speaks.
#pragma once

namespace vb {

enum class MockVendorKind { VendorA, VendorB };

}  // namespace vb
