#include "app/turn_answer_labels.h"

#include "http/problem.h"

namespace vb {

TurnAnswerLabels httpTurnAnswerLabels() {
  TurnAnswerLabels labels;
  labels.success = [](const std::string&) { return 201; };
  labels.failure = [](DomainError::Kind kind) {
    return ProblemLabel{httpStatusOf(kind), problemTypeOf(kind), problemTitleOf(kind)};
  };
  return labels;
}

}  // namespace vb
