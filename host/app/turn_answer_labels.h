// How the HTTP edge answers a turn, for the request log (the conversation
// core knows no HTTP): a turn that ran answers 201 on every channel (chat and
// voice render it with turnResponse); a failed one answers the problem that
// http/problem.cpp renders for its kind.
#pragma once

#include "conversation/request_log.h"

namespace vb {

TurnAnswerLabels httpTurnAnswerLabels();

}  // namespace vb
