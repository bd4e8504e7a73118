// What a billing support agent hears, for the round-trip tests and
// bench/voice_wer: questions a caller asks (spoken forms: invoice numbers
// read digit by digit), and the agent's speechHints as an operator would
// write them — domain words, short phrases, invoice ids as they appear in
// the billing system ("INV-1001"), dates and amounts. The hints cover the
// questions' phrases and more besides; no question is a hint verbatim.
#pragma once

#include <string>
#include <vector>

namespace vbspeech {

inline const std::vector<std::string>& billingQuestions() {
  static const std::vector<std::string> questions = {
      "what is the balance on invoice one zero zero one",
      "when is invoice one zero zero two due",
      "i want to pay my invoice today",
      "can i get a copy of invoice one zero zero three",
      "why is my balance higher this month",
      "what is the due date for my last invoice",
      "i was charged a late fee on invoice one zero zero four",
      "please send the receipt to my email",
      "can i pay with a credit card",
      "has my payment for invoice one zero zero five been received",
      "i need a refund for a duplicate payment",
      "how much do i owe in total",
      "can i set up automatic payments",
      "what is my account balance",
      "my invoice is due on the fifteenth of march",
      "i want to dispute invoice one zero zero six",
      "when will my payment be processed",
      "my balance is forty two dollars and fifty cents",
  };
  return questions;
}

inline const std::vector<std::string>& billingHints() {
  static const std::vector<std::string> hints = {
      // invoice ids as the billing system prints them
      "INV-1001", "INV-1002", "INV-1003", "INV-1004", "INV-1005", "INV-1006", "INV-1007", "INV-1008",
      "INV-1009", "INV-1010",
      // domain words and phrases
      "invoice", "on invoice", "my invoice", "for my last invoice", "copy of invoice", "balance",
      "what is the balance", "account balance", "my balance is", "why is my balance higher", "due date",
      "what is the due date", "is due", "due on", "payment", "payments", "automatic payments",
      "set up automatic payments", "duplicate payment", "payment plan", "been received", "be processed",
      "when will my payment", "has my payment for", "pay my invoice", "pay with a credit card", "credit card",
      "debit card", "bank transfer", "late fee", "i was charged a late fee", "refund", "i need a refund",
      "receipt", "please send the receipt", "to my email", "dispute", "i want to dispute", "overdue",
      "past due", "statement", "billing address", "update my billing address", "cancel my subscription",
      "talk to an agent", "how much do i owe", "in total", "this month", "last month", "today",
      // openers callers use
      "what is", "what is my", "when is", "can i", "can i get", "i want to", "thank you",
      // amounts and dates
      "dollars", "cents", "and fifty cents", "forty two dollars", "one hundred dollars", "zero", "one", "two",
      "three", "four", "five", "six", "seven", "eight", "nine", "ten", "twenty", "thirty", "forty", "fifty",
      "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
      "november", "december", "on the first", "on the fifteenth of", "the thirtieth",
  };
  return hints;
}

// Sentences no billing hint covers: with the hints they must still come
// out as text (through the general model).
inline const std::vector<std::string>& freeSentences() {
  static const std::vector<std::string> sentences = {
      "the weather is lovely in the mountains today",
      "my daughter plays the piano every evening",
      "please tell me a story about a dragon",
  };
  return sentences;
}

}  // namespace vbspeech
