import { graphql } from '../generated/gql.js';

export const ProfilePostsAndFollowersQuery = graphql(`
  query ProfilePostsAndFollowers($platform: Platform!, $username: String!) {
    user(platform: $platform, username: $username) {
      username
      fullName
      posts(first: 3) {
        edges {
          cursor
          node {
            text
            author {
              fullName
            }
          }
        }
        pageInfo {
          endCursor
        }
      }
      followers(first: 2) {
        edges {
          cursor
        }
      }
    }
  }
`);

export const SearchBesideProviderCreditsQuery = graphql(`
  query SearchBesideProviderCredits($query: String!) {
    searchUsers(platform: THREADS, query: $query) {
      edges {
        cursor
      }
    }
    providers {
      id
      lastErrorCode
      creditsAvailable
      circuit
    }
  }
`);

export const PostByShortcodeAndByIdQuery = graphql(`
  query PostByShortcodeAndById($shortcode: String!, $id: ID!) {
    post(platform: THREADS, shortcode: $shortcode) {
      text
    }
    post2: post(platform: INSTAGRAM, id: $id) {
      text
    }
  }
`);
