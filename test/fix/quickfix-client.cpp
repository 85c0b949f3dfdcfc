// A small QuickFIX/C++ initiator: a FIX client that is not ours, to check the gateway against. It logs on
// (Password 554 in the Logon), sends a NewOrderSingle, replaces it when it is acknowledged, cancels it when
// the replace is acknowledged, then logs out. Every ExecutionReport it receives is printed as one line:
//   EXEC clOrdId=.. origClOrdId=.. orderId=.. execType=.. ordStatus=.. orderQty=.. leavesQty=.. cumQty=.. price=..
// Usage: quickfix-client <config file> <password> <symbol>. Exit code 0 after the Logout, 2 on a timeout.
#include <quickfix/Application.h>
#include <quickfix/FileStore.h>
#include <quickfix/MessageCracker.h>
#include <quickfix/Session.h>
#include <quickfix/SessionSettings.h>
#include <quickfix/SocketInitiator.h>
#include <quickfix/fix44/ExecutionReport.h>
#include <quickfix/fix44/NewOrderSingle.h>
#include <quickfix/fix44/OrderCancelReject.h>
#include <quickfix/fix44/OrderCancelReplaceRequest.h>
#include <quickfix/fix44/OrderCancelRequest.h>
#include <quickfix/fix44/Reject.h>
#include <quickfix/fix44/BusinessMessageReject.h>

#include <atomic>
#include <chrono>
#include <iostream>
#include <string>
#include <thread>

namespace {

std::string get(const FIX::Message& m, int tag) {
  return m.isSetField(tag) ? m.getField(tag) : "-";
}

class Client : public FIX::Application, public FIX::MessageCracker {
 public:
  Client(std::string password, std::string symbol) : password_(password), symbol_(symbol) {}
  std::atomic<bool> done{false};
  std::atomic<bool> failed{false};

  void onCreate(const FIX::SessionID&) override {}
  void onLogon(const FIX::SessionID& id) override {
    std::cout << "LOGON" << std::endl;
    FIX44::NewOrderSingle order(FIX::ClOrdID("qf-1"), FIX::Side(FIX::Side_BUY), FIX::TransactTime(), FIX::OrdType(FIX::OrdType_LIMIT));
    order.set(FIX::Symbol(symbol_));
    order.set(FIX::OrderQty(3));
    order.set(FIX::Price(5.125));
    order.set(FIX::TimeInForce(FIX::TimeInForce_GOOD_TILL_CANCEL));
    FIX::Session::sendToTarget(order, id);
  }
  void onLogout(const FIX::SessionID&) override {
    std::cout << "LOGOUT" << std::endl;
    done = true;
  }
  void toAdmin(FIX::Message& message, const FIX::SessionID&) override {
    if (message.getHeader().getField(FIX::FIELD::MsgType) == FIX::MsgType_Logon) message.setField(FIX::Password(password_));
  }
  void toApp(FIX::Message&, const FIX::SessionID&) throw(FIX::DoNotSend) override {}
  void fromAdmin(const FIX::Message& message, const FIX::SessionID&)
      throw(FIX::FieldNotFound, FIX::IncorrectDataFormat, FIX::IncorrectTagValue, FIX::RejectLogon) override {
    std::string type = message.getHeader().getField(FIX::FIELD::MsgType);
    if (type == FIX::MsgType_Reject) {
      std::cout << "REJECT refTag=" << get(message, 371) << " reason=" << get(message, 373) << " text=" << get(message, 58) << std::endl;
      failed = true;
    }
  }
  void fromApp(const FIX::Message& message, const FIX::SessionID& id)
      throw(FIX::FieldNotFound, FIX::IncorrectDataFormat, FIX::IncorrectTagValue, FIX::UnsupportedMessageType) override {
    crack(message, id);
  }

  void onMessage(const FIX44::ExecutionReport& report, const FIX::SessionID& id) override {
    std::string execType = get(report, 150);
    std::cout << "EXEC clOrdId=" << get(report, 11) << " origClOrdId=" << get(report, 41) << " orderId=" << get(report, 37)
              << " execType=" << execType << " ordStatus=" << get(report, 39) << " orderQty=" << get(report, 38)
              << " leavesQty=" << get(report, 151) << " cumQty=" << get(report, 14) << " price=" << get(report, 44) << std::endl;
    if (execType == "0" && get(report, 11) == "qf-1") {
      FIX44::OrderCancelReplaceRequest replace(FIX::OrigClOrdID("qf-1"), FIX::ClOrdID("qf-2"), FIX::Side(FIX::Side_BUY), FIX::TransactTime(), FIX::OrdType(FIX::OrdType_LIMIT));
      replace.set(FIX::OrderID(get(report, 37)));
      replace.set(FIX::Symbol(symbol_));
      replace.set(FIX::OrderQty(2));
      replace.set(FIX::Price(5.25));
      FIX::Session::sendToTarget(replace, id);
    } else if (execType == "5") {
      FIX44::OrderCancelRequest cancel(FIX::OrigClOrdID("qf-2"), FIX::ClOrdID("qf-3"), FIX::Side(FIX::Side_BUY), FIX::TransactTime());
      cancel.set(FIX::OrderID(get(report, 37)));
      cancel.set(FIX::Symbol(symbol_));
      FIX::Session::sendToTarget(cancel, id);
    } else if (execType == "4" || execType == "8") {
      FIX::Session* session = FIX::Session::lookupSession(id);
      if (session) session->logout("done");
    }
  }
  void onMessage(const FIX44::OrderCancelReject& reject, const FIX::SessionID& id) override {
    std::cout << "CANCELREJECT clOrdId=" << get(reject, 11) << " text=" << get(reject, 58) << std::endl;
    failed = true;
    FIX::Session* session = FIX::Session::lookupSession(id);
    if (session) session->logout("cancel rejected");
  }
  void onMessage(const FIX44::BusinessMessageReject& reject, const FIX::SessionID& id) override {
    std::cout << "BUSINESSREJECT reason=" << get(reject, 380) << " text=" << get(reject, 58) << std::endl;
    failed = true;
    FIX::Session* session = FIX::Session::lookupSession(id);
    if (session) session->logout("business reject");
  }

 private:
  std::string password_;
  std::string symbol_;
};

}  // namespace

int main(int argc, char** argv) {
  if (argc != 4) {
    std::cerr << "usage: quickfix-client <config> <password> <symbol>" << std::endl;
    return 64;
  }
  try {
    FIX::SessionSettings settings(argv[1]);
    Client client(argv[2], argv[3]);
    FIX::FileStoreFactory store(settings);
    FIX::SocketInitiator initiator(client, store, settings);
    initiator.start();
    for (int i = 0; i < 200 && !client.done; i++) std::this_thread::sleep_for(std::chrono::milliseconds(50));
    bool timedOut = !client.done;
    initiator.stop();
    if (timedOut) {
      std::cout << "TIMEOUT" << std::endl;
      return 2;
    }
    return client.failed ? 1 : 0;
  } catch (std::exception& e) {
    std::cerr << "quickfix-client: " << e.what() << std::endl;
    return 3;
  }
}
