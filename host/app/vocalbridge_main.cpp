// vocalbridge — the gateway process and its operator commands.
//
//   vocalbridge [--config FILE] [--port N] [--seed-if-empty]   serve (default)
//   vocalbridge seed [--config FILE]                            seed demo data, print keys
//   vocalbridge tenant create NAME [--config FILE]              create a tenant, print its admin key
#include <Poco/AutoPtr.h>
#include <Poco/AsyncChannel.h>
#include <Poco/ConsoleChannel.h>
#include <Poco/FormattingChannel.h>
#include <Poco/Logger.h>
#include <Poco/Util/HelpFormatter.h>
#include <Poco/Util/Option.h>
#include <Poco/Util/OptionSet.h>
#include <Poco/Util/ServerApplication.h>

#include <iostream>

#include "app/gateway.h"
#include "app/operator_commands.h"
#include "observability/json_log_formatter.h"

namespace {

class VocalBridgeApp final : public Poco::Util::ServerApplication {
 protected:
  void defineOptions(Poco::Util::OptionSet& options) override {
    ServerApplication::defineOptions(options);
    options.addOption(Poco::Util::Option("help", "h", "show usage").required(false).repeatable(false));
    options.addOption(Poco::Util::Option("config", "c", "configuration file (default config/vocalbridge.json)")
                          .required(false)
                          .repeatable(false)
                          .argument("FILE"));
    options.addOption(
        Poco::Util::Option("port", "p", "listen port (overrides server.port)").required(false).argument("N"));
    options.addOption(Poco::Util::Option("seed-if-empty", "", "seed demo data when the database has no tenant")
                          .required(false)
                          .repeatable(false));
  }

  void handleOption(const std::string& name, const std::string& value) override {
    ServerApplication::handleOption(name, value);
    if (name == "help") {
      Poco::Util::HelpFormatter help(options());
      help.setCommand(commandName());
      help.setUsage("[options] [seed | tenant create NAME]");
      help.setHeader("VocalBridge Gateway: multi-tenant AI agent gateway.");
      help.format(std::cout);
      stopOptionsProcessing();
      helpRequested_ = true;
    } else if (name == "config") {
      configPath_ = value;
    } else if (name == "port") {
      port_ = value;
    } else if (name == "seed-if-empty") {
      seedIfEmpty_ = true;
    }
  }

  int main(const std::vector<std::string>& args) override {
    if (helpRequested_) return EXIT_OK;
    configureLogging();
    try {
      vb::AppConfig config = vb::AppConfig::load(configPath_);
      if (!port_.empty()) config.port = std::stoi(port_);
      if (!args.empty()) return vb::runOperatorCommand(config, args, std::cout, std::cerr);

      vb::Gateway gateway(std::move(config));
      gateway.start();
      if (seedIfEmpty_) {
        const std::string keys = gateway.seedIfEmpty();
        if (!keys.empty()) std::cout << keys << std::flush;
      }
      std::cout << "VocalBridge listening on " << gateway.baseUrl() << " (dashboard at http://localhost:"
                << gateway.port() << "/)" << std::endl;
      waitForTerminationRequest();
      gateway.stop();
      return EXIT_OK;
    } catch (const std::exception& e) {
      std::cerr << "vocalbridge: " << e.what() << std::endl;
      return EXIT_CONFIG;
    }
  }

 private:
  // One JSON line per request stays, but off the request's thread: the
  // AsyncChannel's thread formats and writes it. Its queue is bounded: under a
  // flood lines are dropped (and the drop counted in the log), never the
  // memory or the latency. Lines still queued at a SIGKILL are lost.
  static void configureLogging() {
    Poco::AutoPtr<vb::JsonLogFormatter> formatter(new vb::JsonLogFormatter);
    Poco::AutoPtr<Poco::FormattingChannel> formatting(
        new Poco::FormattingChannel(formatter, new Poco::ConsoleChannel));
    Poco::AutoPtr<Poco::AsyncChannel> channel(new Poco::AsyncChannel(formatting));
    channel->setProperty("queueSize", "20000");
    Poco::Logger::root().setChannel(channel);
    Poco::Logger::root().setLevel(Poco::Message::PRIO_INFORMATION);
  }

  std::string configPath_ = "config/vocalbridge.json";
  std::string port_;
  bool seedIfEmpty_ = false;
  bool helpRequested_ = false;
};

}  // namespace

POCO_SERVER_MAIN(VocalBridgeApp)
