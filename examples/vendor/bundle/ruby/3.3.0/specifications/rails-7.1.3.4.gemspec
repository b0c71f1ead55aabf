# -*- encoding: utf-8 -*-
# stub: rails 7.1.3.4 ruby lib

Gem::Specification.new do |s|
  s.name = "rails".freeze
  s.version = "7.1.3.4".freeze

  s.required_rubygems_version = Gem::Requirement.new(">= 0".freeze) if s.respond_to? :required_rubygems_version=
  s.require_paths = ["lib".freeze]
  s.homepage = "https://rubyonrails.org".freeze
  s.licenses = ["MIT".freeze]
  s.required_ruby_version = Gem::Requirement.new(">= 2.7.0".freeze)
  s.rubygems_version = "3.5.11".freeze
  s.summary = "Full-stack web application framework.".freeze

  s.installed_by_version = "3.5.11".freeze if s.respond_to? :installed_by_version

  s.specification_version = 4

  s.add_runtime_dependency(%q<actioncable>.freeze, ["= 7.1.3.4".freeze])
  s.add_runtime_dependency(%q<actionmailbox>.freeze, ["= 7.1.3.4".freeze])
  s.add_runtime_dependency(%q<actionmailer>.freeze, ["= 7.1.3.4".freeze])
  s.add_runtime_dependency(%q<actionpack>.freeze, ["= 7.1.3.4".freeze])
  s.add_runtime_dependency(%q<actiontext>.freeze, ["= 7.1.3.4".freeze])
  s.add_runtime_dependency(%q<actionview>.freeze, ["= 7.1.3.4".freeze])
  s.add_runtime_dependency(%q<activejob>.freeze, ["= 7.1.3.4".freeze])
  s.add_runtime_dependency(%q<activemodel>.freeze, ["= 7.1.3.4".freeze])
  s.add_runtime_dependency(%q<activerecord>.freeze, ["= 7.1.3.4".freeze])
  s.add_runtime_dependency(%q<activestorage>.freeze, ["= 7.1.3.4".freeze])
  s.add_runtime_dependency(%q<activesupport>.freeze, ["= 7.1.3.4".freeze])
  s.add_runtime_dependency(%q<bundler>.freeze, [">= 1.15.0".freeze])
  s.add_runtime_dependency(%q<railties>.freeze, ["= 7.1.3.4".freeze])
end
